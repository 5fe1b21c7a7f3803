using Turtle.Actors.Testing;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>
/// The manual clock, plus stalls: <see cref="Stall"/> moves the stopwatch (timestamps) without firing any timer, as a
/// process sees time after a long GC pause or a starved thread pool, when its timers ran late.
/// </summary>
public sealed class StallableClock(ManualTimeProvider inner) : TimeProvider
{
    private long _stalledTicks;

    public void Stall(TimeSpan duration) => Interlocked.Add(ref _stalledTicks, duration.Ticks);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() =>
        inner.GetTimestamp() + Interlocked.Read(ref _stalledTicks) * inner.TimestampFrequency / TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
