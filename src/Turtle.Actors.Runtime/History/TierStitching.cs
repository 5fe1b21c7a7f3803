using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// Answers a query from the tier that fits its step for the periods that tier has rolled up, and the newer part
/// (past the tier's watermark: the current minute, the five-minute period under way) from the finer tiers down to raw
/// samples, into one set of buckets. Without it a chart by the minute would end at the last rollup pass, and a query
/// right after a write would find nothing. Shared so every provider stitches alike.
/// </summary>
public static class TierStitching
{
    /// <param name="query">The query; its buckets are the builder's.</param>
    /// <param name="tier">The tier the planner chose.</param>
    /// <param name="rolledUntil">A rollup tier's watermark (exclusive end of what it holds), or null when it holds nothing yet.</param>
    /// <param name="read">Adds <c>tier</c>'s rows (samples for raw) with times or buckets in [from, to) to the builder.</param>
    public static async Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, HistoryTier tier,
        Func<HistoryTier, Task<DateTimeOffset?>> rolledUntil, Func<HistoryTier, DateTimeOffset, DateTimeOffset, SeriesBuilder, Task> read)
    {
        var builder = new SeriesBuilder(query, tier);
        var from = query.From;
        for (var current = tier; from < query.To; current = HistoryTiers.Of(current).Source)
        {
            if (current == HistoryTier.Raw)
            {
                await read(HistoryTier.Raw, from, query.To, builder);
                break;
            }

            // Rows of this tier exist only before its watermark; what comes after is still in the finer tiers.
            var until = await rolledUntil(current) ?? from;
            var to = until < query.To ? until : query.To;
            if (to > from)
            {
                await read(current, from, to, builder);
            }

            from = until > from ? until : from;
        }

        return builder.Build();
    }
}
