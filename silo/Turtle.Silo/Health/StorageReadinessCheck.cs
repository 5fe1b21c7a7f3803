using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Storage;

namespace Turtle.Silo.Health;

/// <summary>
/// Ready only while grain storage answers: one read of a record that never exists, bounded by
/// <see cref="HealthOptions.StorageProbeTimeout"/> and reused for <see cref="HealthOptions.StorageProbeCacheFor"/>, so a
/// load balancer probing every second costs the store one cheap query every few seconds.
/// </summary>
internal sealed class StorageReadinessCheck(IServiceProvider services, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck, IHostedService
{
    private static readonly GrainId ProbeId = new("turtle-health", "storage-probe");
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (HealthCheckResult Result, long At)? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (Fresh(settings) is { } cached)
        {
            return cached;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have probed while this one waited.
            if (Fresh(settings) is { } again)
            {
                return again;
            }

            var result = await ProbeAsync(settings.StorageProbeTimeout, cancellationToken);
            _cached = (result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    /// <summary>Probes once as the host starts (without waiting for it), so the first readiness probe finds a result.</summary>
    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _ = CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private HealthCheckResult? Fresh(HealthOptions settings) =>
        _cached is { } cached && time.GetElapsedTime(cached.At) < settings.StorageProbeCacheFor ? cached.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IGrainStorage>("Default") is not { } storage)
        {
            return HealthCheckResult.Healthy("No grain storage is configured.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var state = new ProbeState();
            // WaitAsync bounds the wait even if a provider ignores cancellation while it connects.
            await storage.ReadStateAsync("health", ProbeId, state, deadline.Token).WaitAsync(timeout, time, cancellationToken);
            return HealthCheckResult.Healthy("Grain storage answered.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var why = exception is TimeoutException or OperationCanceledException ? $"did not answer within {timeout.TotalSeconds:0.###} s" : $"failed: {exception.Message}";
            return HealthCheckResult.Unhealthy($"Grain storage {why}.");
        }
    }

    private sealed class ProbeState : IGrainState<object?>
    {
        public object? State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
