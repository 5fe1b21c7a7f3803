using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>Which tier answers a query, and the tiers' fixed bucket widths. Shared so every provider picks alike.</summary>
public static class HistoryTierPlanner
{
    public static readonly TimeSpan MinuteWidth = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan HourWidth = TimeSpan.FromHours(1);

    /// <summary>
    /// The tier that fits <paramref name="step"/> (raw below a minute, minute below an hour, hour above), moved to a
    /// coarser tier while the preferred one's retention no longer reaches back to <paramref name="from"/>: a partial
    /// answer from a pruned tier would look like an outage.
    /// </summary>
    public static HistoryTier Choose(TimeSpan step, DateTimeOffset from, DateTimeOffset now, HistoryOptions options)
    {
        var tier = step < MinuteWidth ? HistoryTier.Raw : step < HourWidth ? HistoryTier.Minute : HistoryTier.Hour;
        if (tier == HistoryTier.Raw && from < now - options.RawRetention)
        {
            tier = HistoryTier.Minute;
        }

        if (tier == HistoryTier.Minute && from < now - options.MinuteRetention)
        {
            tier = HistoryTier.Hour;
        }

        return tier;
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
