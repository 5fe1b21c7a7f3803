namespace Turtle.Silo.Replication;

/// <summary>
/// How far replicas trail the twins: for each applied change, the time from the twin's change (the active silo's
/// clock) to the replica holding it (this silo's clock); the last 1,024 are kept for percentiles. Across sites the
/// figure includes clock offset, which NTP keeps to milliseconds.
/// </summary>
public sealed class ReplicationLag(Telemetry.SiloTelemetry? telemetry = null)
{
    private readonly double[] _recent = new double[1024];
    private readonly Lock _lock = new();
    private int _count;
    private int _next;

    public long Applied { get; private set; }

    public DateTimeOffset? LastApplied { get; private set; }

    public DateTimeOffset? LastFullSync { get; set; }

    public void Record(TimeSpan lag, DateTimeOffset now)
    {
        telemetry?.ReplicaApplied(lag);
        lock (_lock)
        {
            _recent[_next] = Math.Max(0, lag.TotalMilliseconds);
            _next = (_next + 1) % _recent.Length;
            _count = Math.Min(_count + 1, _recent.Length);
            Applied++;
            LastApplied = now;
        }
    }

    public LagFigures Figures()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = _recent.AsSpan(0, _count).ToArray();
        }

        Array.Sort(sorted);
        double? At(double q) => sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return new LagFigures(sorted.Length, At(0.5), At(0.99), sorted.Length == 0 ? null : sorted[^1]);
    }
}

/// <summary>Lag over the recent changes, in milliseconds.</summary>
public sealed record LagFigures(int Changes, double? P50Ms, double? P99Ms, double? MaxMs);
