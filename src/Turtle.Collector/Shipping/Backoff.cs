namespace Turtle.Collector.Shipping;

/// <summary>
/// Exponential back-off with jitter for rounds in which no gateway accepted: the ceiling starts at
/// <paramref name="initial"/> and doubles up to <paramref name="max"/>; each wait is drawn between half the ceiling and
/// the ceiling, so collectors cut off together (a silo restart) do not all return in the same instant.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _failures;

    /// <summary>Failed rounds since the last success.</summary>
    public int Failures => _failures;

    /// <summary>The ceiling of the next wait.</summary>
    public TimeSpan Ceiling => TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Min(_failures, 40))));

    /// <summary>The wait after one more failed round.</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling;
        _failures++;
        return ceiling * (0.5 + (0.5 * _random.NextDouble()));
    }

    public void Reset() => _failures = 0;
}
