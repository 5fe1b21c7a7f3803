using Microsoft.Extensions.Options;
using Turtle.Silo.Failover;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Api;

/// <summary><c>GET /api/v1/failover</c>: the failover state machine, each DC's judged health, the decision log, and this silo's right to write.</summary>
public static class FailoverApi
{
    public static IEndpointRouteBuilder MapFailoverApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/failover", GetFailover)
            .WithTags("Failover")
            .WithName("GetFailover")
            .WithSummary("Failover state, epoch, DC health from three vantage points and the decision log");
        return endpoints;
    }

    /// <summary>The judge's status; when the judge cannot be reached (a cut link), the status this silo last followed, said so.</summary>
    public static async Task<FailoverView> GetFailover(IGrainFactory grains, SiloAuthority authority, FailoverClock clock, ActiveGateways gateways, IOptions<FailoverOptions> options)
    {
        FailoverStatus status;
        string? unreachable = null;
        try
        {
            status = await grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).GetStatus().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            status = authority.Status;
            unreachable = $"The failover judge did not answer ({exception.Message}); this is the status this silo last followed.";
        }

        var canWrite = authority.CanWrite(clock.Now, out var reason);
        var followed = authority.Status;
        return new FailoverView(options.Value.Enabled, status,
            new SiloWriteView(authority.Dc, authority.IsObserver, canWrite, canWrite ? null : reason, followed.Phase, followed.Epoch),
            gateways.List(), unreachable);
    }
}

/// <summary>What <c>GET /api/v1/failover</c> answers.</summary>
public sealed record FailoverView(bool Enabled, FailoverStatus Status, SiloWriteView ThisSilo, IReadOnlyList<ActiveGateway> ActiveGateways, string? Warning);

/// <summary>The answering silo: its DC and role, whether it takes writes now (and why not), and the status it follows.</summary>
public sealed record SiloWriteView(string Dc, bool Observer, bool CanWrite, string? Reason, FailoverPhase FollowedPhase, long FollowedEpoch);
