namespace Turtle.Failover.Tests.Simulation;

public enum ScheduleKind
{
    /// <summary>Only single link cuts (one at a time, symmetric or one-way), plus clock skew: must never leave Normal.</summary>
    SingleLinkCuts,

    /// <summary>A true loss of dc1 or dc2 (kill or full isolation) with everything else healthy, then random faults.</summary>
    DcLoss,

    /// <summary>Random faults of every kind, overlapping freely.</summary>
    Mixed,
}

/// <summary>A seeded fault schedule; <see cref="DcLoss"/> is the true DC loss whose failover time is measured.</summary>
public sealed record Schedule(int Seed, ScheduleKind Kind, IReadOnlyList<Fault> Faults, Fault? DcLoss)
{
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(120);

    public static readonly string[] Silos = ["dc1-a", "dc1-b", "dc2-a", "dc2-b", "dc3-a"];

    private static readonly string[] Dcs = ["dc1", "dc2", "dc3"];

    private static readonly string[] ActiveDcs = ["dc1", "dc2"];

    public static Schedule Make(int seed, Random rng)
    {
        var faults = Silos.Where(_ => rng.NextDouble() < 0.5).Select(silo => Skew(rng, TimeSpan.Zero, silo)).ToList();
        var roll = rng.NextDouble();
        var kind = roll < 0.2 ? ScheduleKind.SingleLinkCuts : roll < 0.5 ? ScheduleKind.DcLoss : ScheduleKind.Mixed;
        Fault? loss = null;
        switch (kind)
        {
            case ScheduleKind.SingleLinkCuts:
                for (var at = Seconds(rng, 5, 15); at < TimeSpan.FromSeconds(110); )
                {
                    var cut = LinkCut(rng, at);
                    faults.Add(cut);
                    at = cut.Until + Seconds(rng, 0.1, 10);
                }

                break;
            case ScheduleKind.DcLoss:
                var at0 = Seconds(rng, 10, 30);
                var victim = Pick(rng, ActiveDcs);
                loss = rng.NextDouble() < 0.5
                    ? new Fault(FaultKind.DcKill, at0, Seconds(rng, 20, 50), victim)
                    : new Fault(FaultKind.DcIsolation, at0, Seconds(rng, 20, 50), victim, WithStore: rng.NextDouble() < 0.5);
                faults.Add(loss);
                faults.AddRange(Enumerable.Range(0, rng.Next(0, 7)).Select(_ => Random(rng, at0 + TimeSpan.FromSeconds(15))));
                break;
            case ScheduleKind.Mixed:
                faults.AddRange(Enumerable.Range(0, rng.Next(3, 13)).Select(_ => Random(rng, TimeSpan.FromSeconds(5))));
                break;
        }

        return new Schedule(seed, kind, faults, loss);
    }

    private static Fault Random(Random rng, TimeSpan from)
    {
        var at = from + (TimeSpan.FromSeconds(110) - from) * rng.NextDouble();
        return rng.Next(8) switch
        {
            0 or 1 => LinkCut(rng, at),
            2 => new Fault(FaultKind.DcIsolation, at, Seconds(rng, 3, 40), Pick(rng, Dcs), WithStore: rng.NextDouble() < 0.3),
            3 => new Fault(FaultKind.DcKill, at, Seconds(rng, 3, 40), Pick(rng, Dcs)),
            4 => new Fault(FaultKind.SiloKill, at, Seconds(rng, 0.5, 30), Pick(rng, Silos)),
            5 => new Fault(FaultKind.Pause, at, Seconds(rng, 0.3, 12), Pick(rng, Silos)),
            6 => new Fault(FaultKind.StoreCut, at, Seconds(rng, 0.5, 20), Pick(rng, Dcs)),
            _ => Skew(rng, at, Pick(rng, Silos)),
        };
    }

    private static Fault LinkCut(Random rng, TimeSpan at)
    {
        var a = Pick(rng, Dcs);
        var b = Pick(rng, Dcs.Where(dc => dc != a).ToArray());
        return new Fault(rng.NextDouble() < 0.5 ? FaultKind.LinkCut : FaultKind.OneWayCut, at, Seconds(rng, 1, 40), a, b);
    }

    private static Fault Skew(Random rng, TimeSpan at, string silo) =>
        new(FaultKind.ClockSkew, at, TimeSpan.Zero, silo, Rate: 1 + (rng.NextDouble() * 2 - 1) * SiloClock.MaxSkew);

    private static TimeSpan Seconds(Random rng, double min, double max) => TimeSpan.FromSeconds(Math.Round(min + (max - min) * rng.NextDouble(), 1));

    private static string Pick(Random rng, string[] items) => items[rng.Next(items.Length)];
}
