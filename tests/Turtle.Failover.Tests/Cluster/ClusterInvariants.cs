using System.Collections.Concurrent;
using Turtle.Actors;
using System.Text.Json;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.TestGrains;
using Turtle.Actors.Testing.Faults;
using Turtle.Failover.Tests.Simulation;
using Turtle.Twin;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// The model simulation's invariants (<see cref="Invariant"/>), checked on the real cluster after every step: the
/// catalogs of all silos (two activations of one grain on silos that may both write it, by their failover authority
/// and their membership lease, are split brain), every status the failover grain stored (two
/// promotions in one epoch; the time to promotion after a true DC loss; any failover in a schedule of single link
/// cuts), every write the store accepted, seen in the store's commit hook in commit order (a write of a DC the
/// stored status has failed over, under an older epoch), and the acknowledged writes against the store's records.
/// </summary>
public sealed class ClusterInvariants
{
    private readonly ClusterWorld _world;
    private readonly Schedule _schedule;
    private readonly TimeSpan _start;
    private readonly ConcurrentQueue<(FailoverStatus Status, TimeSpan At)> _statuses = new();
    private readonly ConcurrentQueue<(Invariant Invariant, string Detail)> _fromCommits = new();
    private readonly ConcurrentDictionary<string, GrainId> _grainIds = new();
    private readonly Dictionary<long, (string? Failed, string? Promoted)> _promotions = [];
    private readonly Dictionary<string, long> _versionsChecked = [];
    private readonly HashSet<Invariant> _reported = [];

    // Read and written only under the store's lock (inside its commit hook): the status as the store last saw it.
    private FailoverStatus _stored = new();
    private readonly Dictionary<(long Epoch, string Home), HashSet<string>> _hostsByEpoch = [];
    private GrainId? _judgeId;
    private string? _judgeHost;
    private long _now;

    public ClusterInvariants(ClusterWorld world, Schedule schedule, TimeSpan start)
    {
        _world = world;
        _schedule = schedule;
        _start = start;
        world.Store.Committed = OnCommitted;
    }

    private static readonly string[] ActiveDcs = ["dc1", "dc2"];

    public List<Violation> Violations { get; } = [];

    public TimeSpan? FailoverTime { get; private set; }

    public int Promotions { get; private set; }

    public int JudgeMoves { get; private set; }

    private TimeSpan Now => _world.Now - _start;

    public void AfterStep()
    {
        Interlocked.Exchange(ref _now, Now.Ticks);
        while (_fromCommits.TryDequeue(out var found))
        {
            Report(found.Invariant, found.Detail);
        }

        while (_statuses.TryDequeue(out var stored))
        {
            OnStatus(stored.Status, stored.At);
        }

        foreach (var (key, grainId) in _grainIds)
        {
            var home = TwinKeys.DcOf(key);
            var writable = _world.Slots.Where(s => s.Silo is { IsRunning: true } silo && silo.HostsActivation(grainId) && s.CanWrite(home)).ToList();
            if (writable.Count > 1)
            {
                Report(Invariant.TwoWritableActivations, $"{key} writable on {string.Join(", ", writable.Select(Describe))}");
            }

            CheckAcked(key, grainId);
        }

        TrackJudge();
        var status = Latest;
        if (_schedule.Kind == ScheduleKind.SingleLinkCuts && status.Phase != FailoverPhase.Normal)
        {
            Report(Invariant.FailoverOnSingleLinkCut, $"status {status.Phase}: {status.Decisions.LastOrDefault()?.Decision}");
        }

        if (_schedule.DcLoss is { } loss && FailoverTime is null && Now - loss.At > SimInvariants.FailoverDeadline)
        {
            Report(Invariant.SlowFailover, $"{loss}: status still {status.Phase} {SimInvariants.FailoverDeadline.TotalSeconds} s later");
        }
    }

    /// <summary>After every fault is healed: every acknowledged write must be in its twin's record.</summary>
    public void AtEnd()
    {
        AfterStep();
        foreach (var (key, grainId) in _grainIds)
        {
            _versionsChecked.Remove(key);
            CheckAcked(key, grainId);
        }

        foreach (var key in ClusterWriters.Grains.Where(k => !_grainIds.ContainsKey(k) && Acked(k).Count > 0))
        {
            Report(Invariant.AckedWriteLost, $"{key} has acknowledged writes but no record");
        }
    }

    public FailoverStatus Latest { get; private set; } = new();

    private HashSet<string> Acked(string key) => _world.Writers?.Acked[key] ?? [];

    private void CheckAcked(string key, GrainId grainId)
    {
        var record = _world.Store.Read("tally", grainId);
        var acked = Acked(key);
        if (_versionsChecked.GetValueOrDefault(key, -1) == record.Version + acked.Count)
        {
            return;
        }

        _versionsChecked[key] = record.Version + acked.Count;
        var held = record.Payload is { } payload ? JsonSerializer.Deserialize<TallyState>(payload)!.Entries.ToHashSet() : [];
        var lost = acked.Where(id => !held.Contains(id)).ToList();
        if (lost.Count > 0)
        {
            Report(Invariant.AckedWriteLost, $"{key} record v{record.Version} lacks acknowledged writes {string.Join(", ", lost.Take(5))}");
        }
    }

    // Under the store's lock, in commit order, on whichever thread committed.
    private void OnCommitted(MemoryCommit commit)
    {
        var at = TimeSpan.FromTicks(Interlocked.Read(ref _now));
        if (commit.StateName == "failover" && commit.Payload is { } payload)
        {
            _stored = JsonSerializer.Deserialize<FailoverState>(payload)!.Status;
            foreach (var active in ActiveDcs)
            {
                var key = (_stored.Epoch, active);
                (_hostsByEpoch.TryGetValue(key, out var known) ? known : _hostsByEpoch[key] = new(StringComparer.OrdinalIgnoreCase))
                    .UnionWith(_stored.HostDcs(active, ActiveDcs));
            }

            _judgeId = commit.GrainId;
            _statuses.Enqueue((_stored, at));
            return;
        }

        if (commit.StateName != "tally")
        {
            return;
        }

        _grainIds.TryAdd(commit.GrainId.Key, commit.GrainId);
        var silo = FaultyGrainStorage.CurrentSilo ?? "?";
        var dc = silo.Length >= 3 ? silo[..3] : silo;
        var home = TwinKeys.DcOf(commit.GrainId.Key);
        var hosts = _stored.HostDcs(home, ActiveDcs);
        // Besides the store's own rules: a write under an older epoch from a DC the stored status does not let host
        // the twin, and a write presenting an epoch under which no stored status ever let its DC host the twin (a
        // silo that knows that epoch knows it may not write there).
        var neverHostUnder = _hostsByEpoch.TryGetValue((commit.Epoch, home), out var everHosts) && !everHosts.Contains(dc);
        if (commit.Epoch < commit.Fence || commit.Epoch < commit.RecordEpochBefore || neverHostUnder
            || (commit.Epoch < _stored.Epoch && !hosts.Contains(dc, StringComparer.OrdinalIgnoreCase)))
        {
            _fromCommits.Enqueue((Invariant.StaleEpochWriteAccepted,
                $"write to {commit.GrainId.Key} from {silo} under epoch {commit.Epoch} (record {commit.RecordEpochBefore}, fence {commit.Fence}, status {_stored.Epoch} {_stored.Phase} failed={_stored.FailedDc ?? "-"})"));
        }
    }

    private void OnStatus(FailoverStatus status, TimeSpan at)
    {
        if (status.Epoch != Latest.Epoch || status.Phase != Latest.Phase)
        {
            _world.Log($"status {status.Phase} epoch {status.Epoch} failed={status.FailedDc ?? "-"} promoted={status.PromotedDc ?? "-"}: {status.Decisions.LastOrDefault()?.Decision}");
        }

        Latest = status;
        if (status.PromotedDc is null)
        {
            return;
        }

        var promotion = (status.FailedDc, status.PromotedDc);
        if (!_promotions.TryGetValue(status.Epoch, out var known))
        {
            _promotions[status.Epoch] = promotion;
            Promotions++;
            if (_schedule.DcLoss is { } loss && FailoverTime is null && at >= loss.At && status.FailedDc == loss.A)
            {
                FailoverTime = at - loss.At;
            }
        }
        else if (known != promotion)
        {
            Report(Invariant.TwoPromotionsInOneEpoch, $"epoch {status.Epoch}: {known} and {promotion}");
        }
    }

    private void TrackJudge()
    {
        if (_judgeId is not { } judge)
        {
            return;
        }

        var host = _world.Slots.FirstOrDefault(s => s.Silo is { IsRunning: true } silo && silo.HostsActivation(judge))?.ToString();
        if (host is not null && host != _judgeHost)
        {
            JudgeMoves += _judgeHost is null ? 0 : 1;
            _judgeHost = host;
        }
    }

    private string Describe(SiloSlot slot) =>
        $"{slot}{(_world.Faults.IsPaused(slot.Name) ? " (paused)" : "")} epoch {slot.Authority?.Epoch} {slot.Authority?.Status.Phase} failed={slot.Authority?.Status.FailedDc ?? "-"}";

    private void Report(Invariant invariant, string detail)
    {
        if (_reported.Add(invariant))
        {
            _world.Log($"VIOLATION {invariant}: {detail}");
            Violations.Add(new Violation(invariant, _schedule.Seed, Now, detail));
        }
    }
}
