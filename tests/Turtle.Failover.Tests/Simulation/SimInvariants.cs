namespace Turtle.Failover.Tests.Simulation;

public enum Invariant
{
    /// <summary>Two silos that may write hold an activation of one grain at the same instant.</summary>
    TwoWritableActivations,

    /// <summary>Two different promotions (failed DC, promoted DC) under one epoch.</summary>
    TwoPromotionsInOneEpoch,

    /// <summary>An acknowledged write is missing from its grain's record.</summary>
    AckedWriteLost,

    /// <summary>The store accepted a write from the failed DC under an old epoch, or under an epoch below the record's.</summary>
    StaleEpochWriteAccepted,

    /// <summary>A schedule of single link cuts only left Normal.</summary>
    FailoverOnSingleLinkCut,

    /// <summary>A true DC loss was not followed by a promotion within 15 s.</summary>
    SlowFailover,
}

public sealed record Violation(Invariant Invariant, int Seed, TimeSpan At, string Detail)
{
    public override string ToString() => $"seed {Seed} at {At.TotalSeconds:0.0}s: {Invariant}: {Detail}";
}

/// <summary>The invariants, checked after every step of one run; each violation carries the seed that replays it.</summary>
public sealed class SimInvariants
{
    public static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(15);

    private readonly SimWorld _world;
    private readonly Dictionary<long, (string? Failed, string? Promoted)> _promotions = [];
    private readonly Dictionary<string, long> _versionsChecked = [];
    private readonly HashSet<Invariant> _reported = [];
    private int _acceptedChecked;

    public SimInvariants(SimWorld world)
    {
        _world = world;
        world.Store.StatusWritten += OnStatus;
    }

    public List<Violation> Violations { get; } = [];

    public TimeSpan? FailoverTime { get; private set; }

    public int Promotions { get; private set; }

    private TimeSpan Now => _world.Clock.Now;

    public void AfterStep()
    {
        foreach (var grain in SimClients.Grains)
        {
            var writable = _world.Silos.Where(s => !s.Killed && s.Activations.ContainsKey(grain) && s.Authority.CanWrite(s.Clock.Now, out _)).ToList();
            if (writable.Count > 1)
            {
                Report(Invariant.TwoWritableActivations, $"{grain} writable on {string.Join(", ", writable.Select(Describe))}");
            }

            CheckAcked(grain);
        }

        foreach (var write in _world.Store.Accepted.Skip(_acceptedChecked))
        {
            if (write.Epoch < write.RecordEpochBefore
                || (string.Equals(write.Dc, write.StatusFailedDc, StringComparison.OrdinalIgnoreCase) && write.Epoch < write.StatusEpoch))
            {
                Report(Invariant.StaleEpochWriteAccepted,
                    $"write {write.WriteId} to {write.Grain} from {write.Silo} under epoch {write.Epoch} (record {write.RecordEpochBefore}, status {write.StatusEpoch}, failed {write.StatusFailedDc ?? "none"})");
            }
        }

        _acceptedChecked = _world.Store.Accepted.Count;
        if (_world.Schedule.Kind == ScheduleKind.SingleLinkCuts && _world.Store.Status.Phase != FailoverPhase.Normal)
        {
            Report(Invariant.FailoverOnSingleLinkCut, $"status {_world.Store.Status.Phase}: {_world.Store.Status.Decisions.LastOrDefault()?.Decision}");
        }

        if (_world.Schedule.DcLoss is { } loss && FailoverTime is null && Now - loss.At > FailoverDeadline)
        {
            Report(Invariant.SlowFailover, $"{loss}: status still {_world.Store.Status.Phase} {FailoverDeadline.TotalSeconds} s later");
        }
    }

    public void AtEnd()
    {
        foreach (var grain in SimClients.Grains)
        {
            _versionsChecked.Remove(grain);
            CheckAcked(grain);
        }
    }

    private void CheckAcked(string grain)
    {
        var record = _world.Store.Read(grain);
        if (_versionsChecked.GetValueOrDefault(grain, -1) == record.Version || !_world.Acked.TryGetValue(grain, out var acked))
        {
            return;
        }

        _versionsChecked[grain] = record.Version;
        var held = record.Writes.ToHashSet();
        var lost = acked.Where(id => !held.Contains(id)).ToList();
        if (lost.Count > 0)
        {
            Report(Invariant.AckedWriteLost, $"{grain} record v{record.Version} lacks acknowledged writes {string.Join(", ", lost.Take(5))}");
        }
    }

    private void OnStatus(FailoverStatus status)
    {
        if (status.PromotedDc is null)
        {
            return;
        }

        var promotion = (status.FailedDc, status.PromotedDc);
        if (!_promotions.TryGetValue(status.Epoch, out var known))
        {
            _promotions[status.Epoch] = promotion;
            Promotions++;
            if (_world.Schedule.DcLoss is { } loss && FailoverTime is null && Now >= loss.At && status.FailedDc == loss.A)
            {
                FailoverTime = Now - loss.At;
            }
        }
        else if (known != promotion)
        {
            Report(Invariant.TwoPromotionsInOneEpoch, $"epoch {status.Epoch}: {known} and {promotion}");
        }
    }

    private string Describe(SimSilo silo) =>
        $"{silo.Name}#{silo.Incarnation}{(silo.Paused ? " (paused)" : "")} epoch {silo.Authority.Epoch} {silo.Authority.Status.Phase} failed={silo.Authority.Status.FailedDc ?? "-"}";

    // Each invariant reports its first violation in a run: one seed, one reproduction.
    private void Report(Invariant invariant, string detail)
    {
        if (_reported.Add(invariant))
        {
            Violations.Add(new Violation(invariant, _world.Schedule.Seed, Now, detail));
        }
    }
}
