using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Silo.Health;

/// <summary>
/// Ready only while this silo is Active in its own membership view and, in a cluster, has read the membership table
/// recently (<see cref="HealthOptions.MembershipStaleAfter"/>): a silo cut off from the table cannot tell who is alive.
/// </summary>
internal sealed class MembershipReadinessCheck(IClusterMembership membership, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = membership.Snapshot.Find(membership.LocalSilo);
        if (self is not { } row)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"This silo ({membership.LocalSilo}) has no row in the membership view."));
        }

        if (row.Entry.Status != SiloMembershipStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"This silo is {row.Entry.Status} in the membership view, not Active."));
        }

        if (membership is MembershipService clustered)
        {
            var staleAfter = options.Value.MembershipStaleAfter;
            var age = clustered.LastTableRead is { } read ? time.GetUtcNow() - read : (TimeSpan?)null;
            if (age is null || age > staleAfter)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy(
                    $"The membership table has not been read {(age is null ? "yet" : $"for {age.Value.TotalSeconds:0} s")} (limit {staleAfter.TotalSeconds:0} s)."));
            }
        }

        var active = membership.ActiveSilos.Count;
        return Task.FromResult(HealthCheckResult.Healthy($"Active in the membership view, with {active} active silo{(active == 1 ? "" : "s")}."));
    }
}
