using Microsoft.Extensions.Options;

namespace Turtle.Twin.Failover;

/// <summary>
/// What this silo has seen of the vantage reports, on its own monotonic clock: the failover judge's memory
/// (<see cref="DcHealthJudge"/>), kept by each silo rather than by the failover grain. Every silo's failover agent feeds
/// it each round, so when the grain moves because its silo died, the new host already knows how long each report has
/// gone unchanged, and a promotion does not wait a whole lease out again from the move. The safety argument is the
/// judge's own: a report this silo saw change at some instant was published before it, so its sender's lease began
/// before it. Thread-safe: the agent and the grain use it at once.
/// </summary>
public sealed class DcSightings(IOptions<FailoverOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly DcHealthJudge _judge = new(options.Value);
    private readonly long _origin = time.GetTimestamp();

    /// <summary>Now on this silo's monotonic clock: the time line of every sighting and of the judge's policy here.</summary>
    public TimeSpan Now => time.GetElapsedTime(_origin);

    /// <summary>Takes in the reports as read now, and judges each DC with them, so how long a DC has been lost is tracked between the grain's ticks too.</summary>
    public void Observe(IEnumerable<VantageReport> reports)
    {
        lock (_lock)
        {
            var now = Now;
            _judge.Observe(reports, now);
            _judge.Judge(now, time.GetUtcNow());
        }
    }

    /// <summary>Runs <paramref name="evaluate"/> on the judge at one instant, with nothing observed meanwhile.</summary>
    public T Evaluate<T>(Func<DcHealthJudge, TimeSpan, T> evaluate)
    {
        lock (_lock)
        {
            return evaluate(_judge, Now);
        }
    }
}
