using Turtle.Actors.Configuration;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Before a silo turns Active, it probes the active silos and waits while those it cannot reach could vote it dead
/// (<see cref="SuspicionRules.CorroboratedAcrossDcs"/>), as Orleans validates initial connectivity. Without this, a
/// silo restarted inside a cut-off DC turned Active, took grains (the failover judge among them) that nobody could
/// call, was declared dead a few seconds later, restarted, and did it again: the cluster simulation saw a DC loss
/// decided after 33 s instead of 10 (seed 41). Rows that have not written I-am-alive for three intervals are left
/// out, so silos that all restart at once do not wait for each other's dead predecessors.
/// </summary>
internal sealed class JoinConnectivity(TimedProbe probe, ClusterMembershipOptions options, TimeProvider time)
{
    /// <summary>Silos of the snapshot that this silo cannot reach and that could, between them, evict it; empty when it may go Active.</summary>
    public async Task<IReadOnlyList<MembershipEntry>> BlockersAsync(MembershipSnapshot snapshot, MembershipEntry self, CancellationToken cancellationToken)
    {
        var stale = time.GetUtcNow() - 3 * options.IAmAliveInterval;
        var peers = snapshot.Entries.Select(r => r.Entry)
            .Where(e => e.Status == SiloMembershipStatus.Active && e.Address != self.Address && !snapshot.IsSuperseded(e.Address) && e.IAmAliveTime >= stale)
            .ToList();
        var answers = await Task.WhenAll(peers.Select(p => probe.AnsweredAsync(p.Address, cancellationToken))).ConfigureAwait(false);
        var unreachable = peers.Where((_, i) => !answers[i]).ToList();
        var votesNeeded = SuspicionRules.VotesNeeded(options.VotesNeededForDeath, snapshot, self.Address);
        return unreachable.Count >= votesNeeded && SuspicionRules.CorroboratedAcrossDcs(self.Dc, unreachable.Select(u => u.Dc)) ? unreachable : [];
    }
}
