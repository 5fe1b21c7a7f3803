namespace Turtle.Failover.Tests.Cluster;

public enum PairFaultKind
{
    /// <summary>Both directions between two silos of different DCs cut.</summary>
    SiloCut,

    /// <summary>One direction between two silos of different DCs cut.</summary>
    OneWaySiloCut,

    /// <summary>Frames between two DCs delayed (fixed plus jitter, both ways).</summary>
    DcDelay,
}

/// <summary>
/// Faults only the real transport can do, on top of the model's schedule: cuts between single silos and WAN delays.
/// Drawn from their own generator seeded by the schedule's seed, so the model's schedule for a seed is unchanged.
/// Silo cuts are added to schedules with a DC loss or mixed faults only (in a schedule of single link cuts one more
/// cut would make it two); delays to every schedule (a slow link is no cut: it must never cause a failover). After a
/// true DC loss, none starts before the promotion deadline.
/// </summary>
public sealed record PairFault(PairFaultKind Kind, TimeSpan At, TimeSpan Duration, string A, string B, TimeSpan Delay = default, TimeSpan Jitter = default)
{
    public TimeSpan Until => At + Duration;

    public static IReadOnlyList<PairFault> Make(int seed, Simulation.Schedule schedule)
    {
        var rng = new Random(unchecked(seed * 7919 + 17));
        var silos = Simulation.Schedule.Silos;
        var faults = new List<PairFault>();
        var cuts = schedule.Kind == Simulation.ScheduleKind.SingleLinkCuts ? 0 : rng.Next(0, 4);
        // As the model's random faults: none before a true DC loss's promotion deadline has passed (it is measured
        // with everything else healthy).
        var from = schedule.DcLoss is { } loss ? loss.At + Simulation.SimInvariants.FailoverDeadline : TimeSpan.FromSeconds(5);
        for (var i = 0; i < cuts; i++)
        {
            var a = silos[rng.Next(silos.Length)];
            var others = silos.Where(s => s[..3] != a[..3]).ToArray();
            faults.Add(new PairFault(rng.NextDouble() < 0.5 ? PairFaultKind.SiloCut : PairFaultKind.OneWaySiloCut,
                from + Seconds(rng, 0, 100), Seconds(rng, 1, 25), a, others[rng.Next(others.Length)]));
        }

        if (rng.NextDouble() < 0.5)
        {
            string[] dcs = ["dc1", "dc2", "dc3"];
            var a = dcs[rng.Next(3)];
            var b = dcs.Where(dc => dc != a).ElementAt(rng.Next(2));
            faults.Add(new PairFault(PairFaultKind.DcDelay, from + Seconds(rng, 0, 80), Seconds(rng, 5, 40), a, b,
                TimeSpan.FromMilliseconds(rng.Next(20, 250)), TimeSpan.FromMilliseconds(rng.Next(0, 150))));
        }

        return faults;
    }

    public void Apply(ClusterWorld world)
    {
        var faults = world.Faults;
        switch (Kind)
        {
            case PairFaultKind.SiloCut:
                faults.CutBothWays(A, B);
                break;
            case PairFaultKind.OneWaySiloCut:
                faults.Cut(A, B);
                break;
            case PairFaultKind.DcDelay:
                ForDcPairs(world, (a, b) =>
                {
                    faults.Delay(a, b, Delay, Jitter);
                    faults.Delay(b, a, Delay, Jitter);
                });
                break;
        }
    }

    public void Revert(ClusterWorld world)
    {
        var faults = world.Faults;
        switch (Kind)
        {
            case PairFaultKind.SiloCut:
                faults.HealBothWays(A, B);
                break;
            case PairFaultKind.OneWaySiloCut:
                faults.Heal(A, B);
                break;
            case PairFaultKind.DcDelay:
                ForDcPairs(world, (a, b) =>
                {
                    faults.Delay(a, b, TimeSpan.Zero);
                    faults.Delay(b, a, TimeSpan.Zero);
                });
                break;
        }
    }

    public override string ToString() => Kind switch
    {
        PairFaultKind.SiloCut => $"{At.TotalSeconds:0.0}s cut {A}<->{B} for {Duration.TotalSeconds:0.0}s",
        PairFaultKind.OneWaySiloCut => $"{At.TotalSeconds:0.0}s cut {A}->{B} for {Duration.TotalSeconds:0.0}s",
        _ => $"{At.TotalSeconds:0.0}s delay {A}<->{B} by {Delay.TotalMilliseconds:0} ms + up to {Jitter.TotalMilliseconds:0} ms for {Duration.TotalSeconds:0.0}s",
    };

    private void ForDcPairs(ClusterWorld world, Action<string, string> act)
    {
        foreach (var a in world.Faults.SilosOf(A))
        {
            foreach (var b in world.Faults.SilosOf(B))
            {
                act(a, b);
            }
        }
    }

    private static TimeSpan Seconds(Random rng, double min, double max) => TimeSpan.FromSeconds(Math.Round(min + (max - min) * rng.NextDouble(), 1));
}
