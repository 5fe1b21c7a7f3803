namespace Turtle.Silo.Failover;

/// <summary>
/// The silo's monotonic clock for leases: the agent that renews the lease and the gate that checks it must count from
/// the same origin, and wall-clock steps (NTP, an operator) must not stretch a lease.
/// </summary>
public sealed class FailoverClock(TimeProvider time)
{
    private readonly long _origin = time.GetTimestamp();

    public TimeSpan Now => time.GetElapsedTime(_origin);
}
