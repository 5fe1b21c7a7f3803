using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Probes the silos this silo watches, one probe per silo per round, and counts consecutive misses; after
/// <see cref="ClusterMembershipOptions.MissedProbesBeforeSuspecting"/> it votes the silo dead and re-reads the table.
/// </summary>
internal sealed class SiloMonitor(
    TimedProbe probe,
    SuspicionVoter voter,
    MembershipView view,
    SiloAddress local,
    ClusterMembershipOptions options,
    TimeProvider time,
    BackgroundWork work,
    Func<CancellationToken, Task> refreshAsync,
    Action<string> declaredDead,
    ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, int> _misses = [];
    private readonly HashSet<SiloAddress> _probing = [];
    private readonly HashSet<SiloAddress> _votedOn = [];
    private volatile bool _stopped;

    /// <summary>Consecutive misses of <paramref name="silo"/> since its last answer or this silo's last vote on it.</summary>
    public int MissesOf(SiloAddress silo)
    {
        lock (_lock)
        {
            return _misses.GetValueOrDefault(silo);
        }
    }

    /// <summary>Starts one probe to each watched silo that has none outstanding. Returns at once; results arrive as probes end.</summary>
    public Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        var targets = SiloRing.Successors(local, view.WatchableSilos, options.ProbedSiloCount);
        var started = new List<SiloAddress>(targets.Count);
        lock (_lock)
        {
            // A silo that left the watch list starts from zero if it comes back: old misses say nothing about it now.
            foreach (var forgotten in _misses.Keys.Where(s => !targets.Contains(s)).ToList())
            {
                _misses.Remove(forgotten);
            }

            started.AddRange(targets.Where(_probing.Add));
        }

        foreach (var target in started)
        {
            _ = ProbeAsync(target, cancellationToken);
        }

        return Task.CompletedTask;
    }

    public void Stop() => _stopped = true;

    private async Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        bool answered;
        try
        {
            answered = await probe.AnsweredAsync(target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, the next round may probe this silo again.
            lock (_lock)
            {
                _probing.Remove(target);
            }
        }

        var elapsed = time.GetElapsedTime(started);
        using var scope = work.Enter();
        if (_stopped || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await OnProbeEndedAsync(target, answered, elapsed, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Silo {Local} could not record its suspicion of silo {Target}; it will vote again after further misses", local, target);
        }
    }

    private async Task OnProbeEndedAsync(SiloAddress target, bool answered, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        int misses;
        bool withdraw;
        lock (_lock)
        {
            withdraw = answered && _votedOn.Remove(target);
            if (answered)
            {
                _misses.Remove(target);
            }
        }

        if (answered)
        {
            if (withdraw)
            {
                // It answers again: this silo's vote against it no longer stands.
                logger.LogInformation("Silo {Local} reaches silo {Target} again and withdraws its suspicion", local, target);
                await voter.WithdrawAsync(target, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        lock (_lock)
        {
            // A miss noticed far later than the timeout means this process was stalled (GC pause, starved thread pool):
            // the silence may be ours, not the target's, so it neither counts against the target nor clears its record.
            if (elapsed > 2 * options.ProbeTimeout)
            {
                logger.LogInformation("Silo {Local} ignores a missed probe of {Target}: it ended after {Elapsed}, so this silo was stalled", local, target, elapsed);
                return;
            }

            misses = _misses[target] = _misses.GetValueOrDefault(target) + 1;
            if (misses >= options.MissedProbesBeforeSuspecting)
            {
                // Votes again only after as many further misses, so a lone watcher does not rewrite the row every round.
                _misses[target] = 0;
            }
        }

        logger.LogDebug("Silo {Local} missed probe {Misses} of silo {Target}", local, misses, target);
        if (misses < options.MissedProbesBeforeSuspecting)
        {
            return;
        }

        var outcome = await voter.VoteAsync(target, cancellationToken).ConfigureAwait(false);
        if (outcome == VoteOutcome.Voted)
        {
            lock (_lock)
            {
                _votedOn.Add(target);
            }
        }

        if (outcome == VoteOutcome.VoterIsDead)
        {
            declaredDead("it found itself dead or gone in the membership table while voting");
            return;
        }

        // The vote may have completed a death: everyone learns within a refresh period, this silo at once.
        await refreshAsync(cancellationToken).ConfigureAwait(false);
    }
}
