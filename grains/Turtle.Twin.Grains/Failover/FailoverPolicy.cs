namespace Turtle.Twin.Failover;

/// <summary>
/// The failover state machine: normal → DC down → observer promoted → DC recovering → returning → normal. Pure: it takes the
/// judged health of every voting DC and whether a DC's write lease has run out, and returns the next status and the
/// decisions taken, each with its evidence. Every change of authority (promotion, demotion) raises the epoch.
/// </summary>
/// <remarks>
/// The rules (DESIGN.md, "Three datacenters"): only Down (two of three vantage points, sustained) starts a failover;
/// nobody takes over before the failed DC's lease has run out; the observer is promoted only when it and the
/// surviving active DC are both reachable, so the new authority holds a majority of DCs; the failed DC takes its
/// twins home only after it has been Up for the hysteresis window without a break, and only after the silos that held
/// them in its absence have had a lease and its margin to let go. The recovery and return clocks are in memory and
/// start when the judge reads its own decision back from the store: a judge that restarts, or whose write landed late,
/// starts them again, which only delays the return.
/// </remarks>
public sealed class FailoverPolicy(FailoverOptions options)
{
    private TimeSpan? _upSince;
    private TimeSpan? _returningSince;
    private string? _lastHold;

    public FailoverTransition Step(FailoverStatus status, IReadOnlyList<DcHealth> health, Func<string, bool> leaseExpired, TimeSpan now, DateTimeOffset wallNow)
    {
        var decisions = new List<FailoverDecision>();
        var next = status with { Dcs = health };

        void Decide(FailoverStatus to, string decision, string evidence)
        {
            decisions.Add(new FailoverDecision(wallNow, to.Epoch, next.Phase, to.Phase, decision, evidence));
            next = to.Phase == next.Phase ? to : to with { PhaseSince = wallNow };
            _lastHold = null;
        }

        // A reason for holding still is logged once, not every second.
        void Hold(string reason, string evidence)
        {
            if (reason != _lastHold)
            {
                decisions.Add(new FailoverDecision(wallNow, next.Epoch, next.Phase, next.Phase, reason, evidence));
                _lastHold = reason;
            }
        }

        HealthChanges(status, health, wallNow, decisions);
        var byDc = health.ToDictionary(h => h.Dc, StringComparer.OrdinalIgnoreCase);
        var evidence = string.Join("; ", health.Select(h => h.Evidence));

        switch (status.Phase)
        {
            case FailoverPhase.Normal:
                var down = options.EffectiveActiveDcs.Where(dc => byDc[dc].State == DcHealthState.Down).ToList();
                if (down.Count == 1)
                {
                    Decide(next with { Phase = FailoverPhase.DcDown, FailedDc = down[0] },
                        $"{down[0]} declared down: two of three vantage points lost it for {options.DownAfter.TotalSeconds:0.#} s", evidence);
                }
                else if (down.Count > 1)
                {
                    Hold($"no failover: {string.Join(" and ", down)} are all down, no side holds a majority of DCs", evidence);
                }

                break;

            case FailoverPhase.DcDown:
                var failed = status.FailedDc!;
                if (byDc[failed].State == DcHealthState.Up)
                {
                    Decide(next with { Phase = FailoverPhase.Normal, FailedDc = null }, $"{failed} is back before promotion: nothing moved", evidence);
                }
                else if (CanPromote(failed, byDc, leaseExpired, out var waiting))
                {
                    Decide(next with { Phase = FailoverPhase.Promoted, Epoch = status.Epoch + 1, PromotedDc = options.ObserverDc },
                        $"{options.ObserverDc} promoted under epoch {status.Epoch + 1}: {failed}'s lease ran out, its twins move to {Survivor(failed)} and {options.ObserverDc}",
                        evidence);
                }
                else
                {
                    Hold(waiting!, evidence);
                }

                break;

            case FailoverPhase.Promoted:
                if (byDc[status.FailedDc!].State == DcHealthState.Up)
                {
                    _upSince = now;
                    Decide(next with { Phase = FailoverPhase.Recovering },
                        $"{status.FailedDc} is up again: waiting {options.RecoveryHysteresis.TotalSeconds:0.#} s before it takes its twins home", evidence);
                }

                break;

            case FailoverPhase.Recovering:
                var recovering = status.FailedDc!;
                if (byDc[recovering].State != DcHealthState.Up)
                {
                    _upSince = null;
                    Decide(next with { Phase = FailoverPhase.Promoted }, $"{recovering} not up ({byDc[recovering].State}): recovery window starts again", evidence);
                }
                else if (_upSince is not { } since)
                {
                    _upSince = now;
                }
                else if (now - since >= options.RecoveryHysteresis)
                {
                    _upSince = null;
                    _returningSince = null;
                    Decide(next with { Phase = FailoverPhase.Returning, Epoch = status.Epoch + 1, PromotedDc = null },
                        $"{recovering} up for {options.RecoveryHysteresis.TotalSeconds:0.#} s: {status.PromotedDc} demoted under epoch {status.Epoch + 1}; {recovering}'s twins go home once their hosts have let go",
                        evidence);
                }

                break;

            case FailoverPhase.Returning:
                // Counted from the first step that reads Returning back from the store, not from the decision: a write
                // that landed late must still give every silo that held the twins a full lease to follow or stop.
                if (_returningSince is not { } returning)
                {
                    _returningSince = now;
                }
                else if (now - returning >= options.LeaseDuration + options.LeaseMargin)
                {
                    _returningSince = null;
                    Decide(next with { Phase = FailoverPhase.Normal, FailedDc = null },
                        $"{status.FailedDc}'s twins go home: their hosts followed epoch {status.Epoch} or their lease ran out", evidence);
                }

                break;
        }

        return new FailoverTransition(next with { Decisions = Keep(status.Decisions, decisions) }, decisions);
    }

    private bool CanPromote(string failed, Dictionary<string, DcHealth> byDc, Func<string, bool> leaseExpired, out string? waiting)
    {
        var survivor = Survivor(failed);
        waiting = !leaseExpired(failed) ? $"waiting for {failed}'s write lease to run out before anyone takes over"
            : !SeenByAllBut(byDc[options.ObserverDc], failed) ? $"cannot promote {options.ObserverDc}: it is {byDc[options.ObserverDc].State}"
            : !SeenByAllBut(byDc[survivor], failed) ? $"cannot promote {options.ObserverDc}: {survivor} is {byDc[survivor].State}, no majority"
            : null;
        return waiting is null;
    }

    /// <summary>
    /// Whether every vantage point but the failed DC's sees <paramref name="dc"/>: it reports, and its partner in the new
    /// majority reaches it. The failed DC's own view does not count: a DC cut off from the others but still reporting
    /// has lost them all, which would otherwise make the healthy side a suspected partition and block every failover.
    /// </summary>
    private static bool SeenByAllBut(DcHealth dc, string failed) =>
        dc.State != DcHealthState.Down
        && dc.Vantages.All(v => string.Equals(v.From, failed, StringComparison.OrdinalIgnoreCase) || v.Verdict == VantageVerdict.Sees);

    private string Survivor(string failed) => options.EffectiveActiveDcs.First(dc => !string.Equals(dc, failed, StringComparison.OrdinalIgnoreCase));

    /// <summary>A DC's change of health is a decision too: above all the decision not to fail over on a suspected partition.</summary>
    private static void HealthChanges(FailoverStatus status, IReadOnlyList<DcHealth> health, DateTimeOffset wallNow, List<FailoverDecision> decisions)
    {
        foreach (var dc in health)
        {
            var before = status.Dcs.FirstOrDefault(h => string.Equals(h.Dc, dc.Dc, StringComparison.OrdinalIgnoreCase))?.State ?? DcHealthState.Up;
            if (before == dc.State)
            {
                continue;
            }

            var meaning = dc.State == DcHealthState.SuspectedPartition
                ? ": one vantage point cannot tell a dead DC from a cut link, no failover"
                : "";
            decisions.Add(new FailoverDecision(wallNow, status.Epoch, status.Phase, status.Phase, $"{dc.Dc} {before} → {dc.State}{meaning}", dc.Evidence));
        }
    }

    private IReadOnlyList<FailoverDecision> Keep(IReadOnlyList<FailoverDecision> old, List<FailoverDecision> added) =>
        added.Count == 0 ? old : old.Concat(added).TakeLast(options.DecisionsKept).ToList();
}

/// <summary>The status after one step, and the decisions the step took (empty when nothing changed).</summary>
public sealed record FailoverTransition(FailoverStatus Status, IReadOnlyList<FailoverDecision> Decisions);
