using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>The arithmetic of suspicion: which votes still count, how many are needed, and the suspect's row after a vote.</summary>
internal static class SuspicionRules
{
    /// <summary>
    /// Votes cast within the window. A vote stamped slightly in the future (the voter's clock runs ahead) counts; the
    /// window is far longer than the clock skew NTP leaves between silos.
    /// </summary>
    public static bool IsFresh(SuspicionVote vote, DateTimeOffset now, TimeSpan window) => now - vote.Time <= window;

    /// <summary>
    /// The configured number, capped by the active silos other than the suspect (minimum 1): in a two-silo cluster the
    /// survivor alone must be able to evict the other.
    /// </summary>
    public static int VotesNeeded(int configured, MembershipSnapshot snapshot, SiloAddress suspect)
    {
        var others = snapshot.Entries.Count(r => r.Entry.Status == SiloMembershipStatus.Active && r.Entry.Address != suspect);
        return Math.Max(1, Math.Min(configured, others));
    }

    /// <summary>
    /// The suspect's row with <paramref name="voter"/>'s vote at <paramref name="now"/>: the voter's earlier vote is
    /// replaced (one voter, one vote), expired votes are dropped, and the row turns Dead once enough voters agree and
    /// their DCs corroborate it (<see cref="CorroboratedAcrossDcs"/>; <paramref name="dcOf"/> gives a voter's DC,
    /// null when unknown: then it counts as the suspect's).
    /// </summary>
    public static MembershipEntry AddVote(MembershipEntry suspect, SiloAddress voter, DateTimeOffset now, TimeSpan window, int votesNeeded,
        Func<SiloAddress, string?>? dcOf = null)
    {
        var votes = suspect.Suspicions
            .Where(v => v.Voter != voter && IsFresh(v, now, window))
            .Append(new SuspicionVote(voter, now))
            .ToArray();
        var voters = votes.Select(v => v.Voter).Distinct().ToList();
        var dead = voters.Count >= votesNeeded && CorroboratedAcrossDcs(suspect.Dc, voters.Select(v => dcOf?.Invoke(v) ?? suspect.Dc));
        return suspect with
        {
            Suspicions = votes,
            Status = dead ? SiloMembershipStatus.Dead : suspect.Status,
        };
    }

    /// <summary>
    /// Whether voters in <paramref name="voterDcs"/> may evict a silo of <paramref name="suspectDc"/>: voters of its
    /// own DC alone may (they share its network), voters of two DCs or more may; voters of one other DC alone may
    /// not, since a cut link between the two DCs looks to them exactly like the suspect's death. Without this, the
    /// silos of one DC evicted every silo of another on a single cut link, and each DC's evicted silos stopped
    /// reporting: a failover on a single cut link (found by the cluster simulation, seed 1).
    /// </summary>
    public static bool CorroboratedAcrossDcs(string suspectDc, IEnumerable<string> voterDcs)
    {
        var dcs = voterDcs.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return dcs.Count >= 2 || (dcs.Count == 1 && string.Equals(dcs[0], suspectDc, StringComparison.OrdinalIgnoreCase));
    }
}
