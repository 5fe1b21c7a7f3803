namespace Turtle.Failover.Tests.Simulation;

/// <summary>The simulation's true time: advances in fixed ticks; no silo reads it directly.</summary>
public sealed class SimClock
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan Now { get; private set; }

    /// <summary>A wall clock for the decision log only (what people read), never used to judge anything.</summary>
    public DateTimeOffset Wall => Start + Now;

    public void Advance() => Now += Tick;
}

/// <summary>
/// One machine's monotonic clock: its own origin, and a rate that may drift from true time by up to ±1 %. It keeps
/// running while the silo is paused or killed (the machine's clock does), so a restarted silo keeps the same clock.
/// </summary>
public sealed class SiloClock(TimeSpan origin)
{
    public const double MaxSkew = 0.01;

    public double Rate { get; set; } = 1.0;

    public TimeSpan Now { get; private set; } = origin;

    public void Advance(TimeSpan trueTick) => Now += trueTick * Rate;
}
