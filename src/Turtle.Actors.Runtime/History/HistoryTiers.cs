using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// One rollup tier: its period, the finer tier it is rolled up from, and how much of that source one rollup
/// transaction folds (a multiple of <paramref name="Width"/>).
/// </summary>
public sealed record HistoryRollupTier(HistoryTier Tier, TimeSpan Width, HistoryTier Source, TimeSpan Chunk);

/// <summary>
/// The tier chain as data, so the planner and every provider's rollup walk one table instead of repeating an
/// if/else per tier: raw → minute → five minutes → hour, each rolled up from the one before it.
/// </summary>
public static class HistoryTiers
{
    /// <summary>Every tier, finest first.</summary>
    public static IReadOnlyList<HistoryTier> All { get; } = [HistoryTier.Raw, HistoryTier.Minute, HistoryTier.FiveMinute, HistoryTier.Hour];

    /// <summary>
    /// The rollup tiers, finest first, in the order a pass rolls them (each needs its source rolled first). Chunks
    /// hold a few hundred thousand source rows for a 1,000-host fleet: an hour of raw samples, six hours of minutes,
    /// a day of five-minute rows.
    /// </summary>
    public static IReadOnlyList<HistoryRollupTier> Rollups { get; } =
    [
        new(HistoryTier.Minute, TimeSpan.FromMinutes(1), HistoryTier.Raw, TimeSpan.FromHours(1)),
        new(HistoryTier.FiveMinute, TimeSpan.FromMinutes(5), HistoryTier.Minute, TimeSpan.FromHours(6)),
        new(HistoryTier.Hour, TimeSpan.FromHours(1), HistoryTier.FiveMinute, TimeSpan.FromDays(1)),
    ];

    /// <summary>The period raw samples are marked and rolled up by: the minute tier's.</summary>
    public static TimeSpan MinuteWidth => Rollups[0].Width;

    /// <summary>The rollup tier <paramref name="tier"/> (not raw).</summary>
    public static HistoryRollupTier Of(HistoryTier tier) =>
        Rollups.FirstOrDefault(r => r.Tier == tier) ?? throw new ArgumentOutOfRangeException(nameof(tier), tier, "Raw is not a rollup tier.");

    /// <summary>The tier's name in the durable providers' table names: raw, minute, five_minute, hour.</summary>
    public static string NameOf(HistoryTier tier) => tier switch
    {
        HistoryTier.Raw => "raw",
        HistoryTier.Minute => "minute",
        HistoryTier.FiveMinute => "five_minute",
        HistoryTier.Hour => "hour",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>A tier's row period: zero for raw samples.</summary>
    public static TimeSpan WidthOf(HistoryTier tier) => tier == HistoryTier.Raw ? TimeSpan.Zero : Of(tier).Width;

    /// <summary>How long <paramref name="options"/> keep <paramref name="tier"/>.</summary>
    public static TimeSpan Retention(HistoryTier tier, HistoryOptions options) => tier switch
    {
        HistoryTier.Raw => options.RawRetention,
        HistoryTier.Minute => options.MinuteRetention,
        HistoryTier.FiveMinute => options.FiveMinuteRetention,
        HistoryTier.Hour => options.HourRetention,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>
    /// The periods of <paramref name="tier"/> to recompute because periods of its source changed after being rolled
    /// up (late samples): those holding a changed period, already rolled (before <paramref name="rolledUntil"/>;
    /// later ones the regular pass still rolls), and still whole in the source (not older than its retention at
    /// <paramref name="now"/>; recomputing a half-pruned period would replace a right row with a partial one).
    /// Sorted, distinct.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Due(this HistoryRollupTier tier, IEnumerable<DateTimeOffset> changedSourcePeriods,
        DateTimeOffset? rolledUntil, DateTimeOffset now, HistoryOptions options)
    {
        if (rolledUntil is not { } until)
        {
            return [];
        }

        var oldest = now - Retention(tier.Source, options);
        return changedSourcePeriods.Select(p => HistoryTierPlanner.Floor(p, tier.Width)).Where(b => b < until && b >= oldest).Distinct().Order().ToList();
    }

    /// <summary>
    /// Sorted, distinct <paramref name="buckets"/> of one tier merged into contiguous [from, to) runs, so a back-fill
    /// of hours is recomputed by a few range statements rather than one per period.
    /// </summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Runs(IReadOnlyList<DateTimeOffset> buckets, TimeSpan width)
    {
        for (var i = 0; i < buckets.Count;)
        {
            var start = i;
            while (i + 1 < buckets.Count && buckets[i + 1] == buckets[i] + width)
            {
                i++;
            }

            yield return (buckets[start], buckets[i] + width);
            i++;
        }
    }
}
