namespace Turtle.Failover.Tests.Simulation;

/// <summary>
/// One simulated cluster run through one schedule: 2 silos in dc1, 2 in dc2, 1 in dc3, the store, the failover grain
/// and the clients, stepped tick by tick in true time; the invariants are checked after every tick.
/// </summary>
public sealed class SimWorld
{
    private readonly Dictionary<string, SimSilo> _byName;
    private readonly Dictionary<string, HashSet<long>> _acked = [];

    public SimWorld(Schedule schedule, Random rng)
    {
        Schedule = schedule;
        Rng = rng;
        Silos = Schedule.Silos
            .Select(name => new SimSilo(name, name[..3], name.StartsWith(Options.ObserverDc, StringComparison.Ordinal),
                new SiloClock(TimeSpan.FromSeconds(rng.Next(1, 100_000))), Options))
            .ToList();
        _byName = Silos.ToDictionary(s => s.Name);
        Judge = new SimJudge(Options);
        Clients = new SimClients(this);
        Invariants = new SimInvariants(this);
    }

    public FailoverOptions Options { get; } = new() { Enabled = true };

    public Schedule Schedule { get; }

    public Random Rng { get; }

    public SimClock Clock { get; } = new();

    public SimNetwork Network { get; } = new();

    public SimStore Store { get; } = new();

    public IReadOnlyList<SimSilo> Silos { get; }

    public SimJudge Judge { get; }

    public SimClients Clients { get; }

    public SimInvariants Invariants { get; }

    public SimStats Stats { get; } = new();

    public IReadOnlyDictionary<string, HashSet<long>> Acked => _acked;

    /// <summary>What happened, for a replayed seed: judge moves and every decision that reached the store.</summary>
    public List<string> Trace { get; } = [];

    public void Log(string text) => Trace.Add($"{Clock.Now.TotalSeconds,6:0.0}s {text}");

    public SimSilo Silo(string name) => _byName[name];

    /// <summary>The DCs whose silos may host <paramref name="grain"/> under <paramref name="status"/>.</summary>
    public IReadOnlyList<string> HostDcs(string grain, FailoverStatus status) => Placement.HostDcs(SimClients.Home(grain), status, Options);

    /// <summary>Membership's view: the silo reported within the stale window.</summary>
    public bool LooksAlive(string silo) => Store.LastReport(silo, Clock.Now) is { } last && last.Age < Options.ReportStaleAfter;

    /// <summary>
    /// Whether a directory entry's owner can no longer be writing: it restarted since it claimed the grain, or it has
    /// not reported for a lease plus the margin (so its lease has run out).
    /// </summary>
    public bool OwnerGone(DirectoryEntry entry) =>
        Store.LastReport(entry.Silo, Clock.Now) is not { } last
        || last.Incarnation > entry.Incarnation
        || last.Age >= Options.LeaseDuration + Options.LeaseMargin;

    public void Acknowledge(string grain, long writeId)
    {
        (_acked.TryGetValue(grain, out var ids) ? ids : _acked[grain] = []).Add(writeId);
        Stats.Acked++;
    }

    public SimResult Run()
    {
        var events = Schedule.Faults
            .SelectMany(f => new[] { (At: f.At, Order: 1, Act: (Action)(() => f.Apply(this))), (At: f.Until, Order: 0, Act: () => f.Revert(this)) })
            .OrderBy(e => e.At).ThenBy(e => e.Order)
            .ToList();
        var next = 0;
        var order = Silos.ToArray();
        while (Clock.Now < Schedule.Length)
        {
            for (; next < events.Count && events[next].At <= Clock.Now; next++)
            {
                events[next].Act();
            }

            Clock.Advance();
            foreach (var silo in Silos)
            {
                silo.Clock.Advance(SimClock.Tick);
            }

            Rng.Shuffle(order);
            foreach (var silo in order)
            {
                silo.Step(this);
            }

            Judge.Step(this);
            Clients.Step();
            Stats.Steps++;
            Invariants.AfterStep();
        }

        Invariants.AtEnd();
        return new SimResult(Schedule, Stats, Invariants.Violations, Invariants.FailoverTime, Invariants.Promotions, Judge.Moves, Trace);
    }
}
