using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

internal enum VoteOutcome
{
    /// <summary>The vote is in the suspect's row; not enough fresh votes yet.</summary>
    Voted,

    /// <summary>This vote completed the count: the same write declared the suspect Dead.</summary>
    DeclaredDead,

    /// <summary>The suspect is already Dead or gone; nothing written.</summary>
    AlreadyGone,

    /// <summary>The voter itself reads as Dead or gone: a dead silo does not get to evict others.</summary>
    VoterIsDead,
}

/// <summary>Writes this silo's suspicion of another into the table, declaring it Dead when the fresh votes suffice.</summary>
internal sealed class SuspicionVoter(IMembershipTable table, SiloAddress local, ClusterMembershipOptions options, TimeProvider time, ILogger logger)
{
    public async Task<VoteOutcome> VoteAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        var outcome = VoteOutcome.AlreadyGone;
        var votes = 0;
        var needed = 0;
        await TableCas.WriteAsync(table, snapshot =>
        {
            var self = snapshot.Find(local);
            if (self is null || self.Value.Entry.Status == SiloMembershipStatus.Dead)
            {
                outcome = VoteOutcome.VoterIsDead;
                return null;
            }

            if (snapshot.Find(suspect) is not { } row || row.Entry.Status == SiloMembershipStatus.Dead)
            {
                outcome = VoteOutcome.AlreadyGone;
                return null;
            }

            needed = SuspicionRules.VotesNeeded(options.VotesNeededForDeath, snapshot, suspect);
            var voted = SuspicionRules.AddVote(row.Entry, local, time.GetUtcNow(), options.SuspicionWindow, needed,
                voter => snapshot.Find(voter) is { } entry ? entry.Entry.Dc : null);
            votes = voted.Suspicions.Count;
            outcome = voted.Status == SiloMembershipStatus.Dead ? VoteOutcome.DeclaredDead : VoteOutcome.Voted;
            return MembershipWrite.Update(voted, row.ETag);
        }, cancellationToken).ConfigureAwait(false);

        switch (outcome)
        {
            case VoteOutcome.DeclaredDead:
                logger.LogWarning("Silo {Local} declared silo {Suspect} dead ({Votes} fresh votes of {Needed} needed)", local, suspect, votes, needed);
                break;
            case VoteOutcome.Voted:
                logger.LogWarning("Silo {Local} suspects silo {Suspect} ({Votes} fresh votes of {Needed} needed)", local, suspect, votes, needed);
                break;
        }

        return outcome;
    }

    /// <summary>
    /// Takes this silo's vote out of the suspect's row: it answers this silo again, so this voter's evidence is gone.
    /// Otherwise a vote from a cut that has healed would still count, for the whole suspicion window, towards the
    /// next, unrelated suspicion (the cluster simulation, seed 25: dc3's vote from a healed dc3→dc2 cut and dc1's
    /// votes from a later dc1↔dc2 cut evicted dc2's silos: two DCs, but never at once).
    /// </summary>
    public Task WithdrawAsync(SiloAddress suspect, CancellationToken cancellationToken) =>
        TableCas.WriteAsync(table, snapshot =>
            snapshot.Find(suspect) is { } row && row.Entry.Status != SiloMembershipStatus.Dead && row.Entry.Suspicions.Any(v => v.Voter == local)
                ? MembershipWrite.Update(row.Entry with { Suspicions = row.Entry.Suspicions.Where(v => v.Voter != local).ToArray() }, row.ETag)
                : null,
            cancellationToken);
}
