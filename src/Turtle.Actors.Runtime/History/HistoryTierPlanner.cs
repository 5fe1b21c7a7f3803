using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>Which tier answers a query, and the time arithmetic every provider shares so all pick and round alike.</summary>
public static class HistoryTierPlanner
{
    /// <summary>
    /// The coarsest tier whose period fits in <paramref name="step"/> (raw below a minute, minute below five minutes,
    /// five-minute below an hour, hour above), moved to a coarser tier while the preferred one's retention no longer
    /// reaches back to <paramref name="from"/>: a partial answer from a pruned tier would look like an outage.
    /// </summary>
    public static HistoryTier Choose(TimeSpan step, DateTimeOffset from, DateTimeOffset now, HistoryOptions options)
    {
        var tiers = HistoryTiers.All;
        var i = 0;
        while (i + 1 < tiers.Count && HistoryTiers.WidthOf(tiers[i + 1]) <= step)
        {
            i++;
        }

        while (i + 1 < tiers.Count && from < now - HistoryTiers.Retention(tiers[i], options))
        {
            i++;
        }

        return tiers[i];
    }

    /// <summary>The start of the <paramref name="width"/>-long period (aligned to the Unix epoch) holding <paramref name="time"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan width)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (((ticks % width.Ticks) + width.Ticks) % width.Ticks));
    }

    /// <summary>The time a provider stores: whole microseconds (PostgreSQL's precision), so all providers round alike.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>Unix microseconds, the SQLite providers' time column.</summary>
    public static long ToUnixMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromUnixMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
