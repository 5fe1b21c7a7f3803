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
    /// replaced (one voter, one vote), expired votes are dropped, and the row turns Dead once enough voters agree.
    /// </summary>
    public static MembershipEntry AddVote(MembershipEntry suspect, SiloAddress voter, DateTimeOffset now, TimeSpan window, int votesNeeded)
    {
        var votes = suspect.Suspicions
            .Where(v => v.Voter != voter && IsFresh(v, now, window))
            .Append(new SuspicionVote(voter, now))
            .ToArray();
        var voters = votes.Select(v => v.Voter).Distinct().Count();
        return suspect with
        {
            Suspicions = votes,
            Status = voters >= votesNeeded ? SiloMembershipStatus.Dead : suspect.Status,
        };
    }
}
