using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Runtime.Catalog;

namespace Turtle.Actors.Runtime;

/// <summary>
/// One silo: owns the activation catalog and its maintenance. Start makes it accept calls; stop refuses new
/// activations, deactivates every grain (running each <c>OnDeactivateAsync</c>, where grains persist what they
/// choose), and waits for them.
/// </summary>
public sealed class Silo : IAsyncDisposable
{
    private readonly ActivationCatalog _catalog;
    private readonly ActivationMaintenance _maintenance;
    private readonly ILogger<Silo> _logger;
    private volatile SiloStatus _status = SiloStatus.Created;
    private readonly Lock _stopLock = new();
    private Task? _stopping;

    private readonly IReadOnlyList<ISiloLifecycleParticipant> _participants;

    internal Silo(ActivationCatalog catalog, ActivationMaintenance maintenance, IGrainFactory grainFactory,
        IOptions<SiloOptions> options, IEnumerable<ISiloLifecycleParticipant> participants, ILogger<Silo> logger)
    {
        _participants = participants.ToList();
        _catalog = catalog;
        _maintenance = maintenance;
        GrainFactory = grainFactory;
        Name = options.Value.SiloName;
        _logger = logger;
    }

    public string Name { get; }

    public SiloStatus Status => _status;

    public IGrainFactory GrainFactory { get; }

    /// <summary>Activations currently in the catalog (including ones activating or deactivating, and observers).</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>This silo's grain activations per grain type (observers and system targets left out): what a dashboard shows.</summary>
    public IReadOnlyDictionary<string, int> ActivationsByType() =>
        _catalog.Activations.Where(a => !a.IsObserver).GroupBy(a => a.GrainId.Type).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Deactivates this silo's grain activations that <paramref name="leave"/> selects, for example grains that placement
    /// no longer allows here after an authority change; the next call activates each where placement puts it then.
    /// Observers and system targets are never selected. Returns how many were asked to deactivate.
    /// </summary>
    public int DeactivateWhere(Func<GrainId, bool> leave, string description)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.Migrating, description);
        var leaving = _catalog.Activations.Where(a => !a.IsObserver && leave(a.GrainId)).ToList();
        foreach (var activation in leaving)
        {
            activation.Deactivate(reason);
        }

        return leaving.Count;
    }

    /// <summary>Raised after <see cref="Status"/> changes.</summary>
    public event Action<SiloStatus>? StatusChanged;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        SetStatus(SiloStatus.Starting);
        _catalog.StartAccepting();
        _maintenance.Start();
        foreach (var participant in _participants)
        {
            await participant.OnStartAsync(cancellationToken).ConfigureAwait(false);
        }

        SetStatus(SiloStatus.Active);
        foreach (var participant in _participants)
        {
            await participant.OnActiveAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the silo; concurrent and repeated calls share one shutdown.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            return _stopping ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        SetStatus(SiloStatus.ShuttingDown);
        _catalog.StopAccepting();
        foreach (var participant in _participants)
        {
            await participant.OnShuttingDownAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down."), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Silo {Silo} stopped before {Count} activations finished deactivating", Name, _catalog.Count);
        }
        finally
        {
            _maintenance.Dispose();
            foreach (var participant in _participants.Reverse())
            {
                await participant.OnStoppedAsync(CancellationToken.None).ConfigureAwait(false);
            }

            SetStatus(SiloStatus.Stopped);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void SetStatus(SiloStatus status)
    {
        _status = status;
        _logger.LogInformation("Silo {Silo} is {Status}", Name, status);
        StatusChanged?.Invoke(status);
    }
}
