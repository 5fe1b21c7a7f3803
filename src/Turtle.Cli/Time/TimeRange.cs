namespace Turtle.Cli.Time;

/// <summary>[<see cref="From"/>, <see cref="To"/>): a range the history commands read, From strictly before To.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>
    /// Reads <c>--from</c> and <c>--to</c> against one <paramref name="now"/> (so <c>-1h</c> and <c>now</c> are an hour apart
    /// exactly); a usage error when either is unreadable or From is not before To.
    /// </summary>
    public static TimeRange Parse(string? from, string? to, DateTimeOffset now, TimeSpan defaultLength)
    {
        var end = to is null ? now : TimeExpression.Parse(to, now, "--to");
        var start = from is null ? end - defaultLength : TimeExpression.Parse(from, now, "--from");
        if (start >= end)
        {
            throw CliException.Usage($"bad time range: --from {start:yyyy-MM-ddTHH:mm:ssZ} is not before --to {end:yyyy-MM-ddTHH:mm:ssZ}");
        }

        return new TimeRange(start, end);
    }

    public TimeSpan Length => To - From;

    /// <summary>
    /// From rounded down and To rounded up to whole <paramref name="step"/>s since the Unix epoch (UTC), so buckets start
    /// on the minute, hour or day (<c>--from -2h --step 1m</c> gives rows at 10:48:00, not at 10:48:49.67).
    /// </summary>
    public TimeRange Align(TimeSpan step)
    {
        var epoch = DateTimeOffset.UnixEpoch.Ticks;
        var from = (From.UtcTicks - epoch) / step.Ticks * step.Ticks + epoch;
        var to = ((To.UtcTicks - epoch) + step.Ticks - 1) / step.Ticks * step.Ticks + epoch;
        return new TimeRange(new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero));
    }
}
