namespace Turtle.Actors.History;

/// <summary>
/// Time-series history of the twin: samples in, points per step bucket out, kept at four resolutions (raw, minute,
/// five minutes, hour) each with its own retention. Grain code writes through it; which database holds it is the silo's choice.
/// </summary>
public interface IHistoryStore
{
    /// <summary>
    /// Stores a batch: all of it or, when any sample is invalid, none of it (an <see cref="InvalidSampleException"/>
    /// names the first bad sample's index and field).
    /// </summary>
    Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default);

    /// <summary>
    /// One series per requested entity that has data (min, max, avg, last and count per bucket), read from the tier
    /// that fits the step: raw below one minute, minute below five minutes, five-minute below one hour, hour above; a
    /// coarser tier when the preferred one no longer keeps <see cref="HistoryQuery.From"/>. Rollup tiers hold only
    /// completed, rolled-up periods, and a rollup row counts whole in the step bucket its period starts in, so bucket
    /// edges are exact only to the tier's width: with a 7-minute step over five-minute rows, the row for 10:05–10:10
    /// counts in the bucket holding 10:05 even when that bucket ends at 10:07. A step that is a multiple of the width,
    /// from a start aligned to it, is exact.
    /// </summary>
    Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>The raw samples (with their labels) of one series in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rolls up every completed minute, five minutes and hour (before <paramref name="now"/>) not rolled up yet,
    /// recomputes the rolled-up periods that samples arrived for late (a collector back-filling after an outage), then
    /// deletes what each tier's retention no longer keeps. Running it again with the same <paramref name="now"/>
    /// changes nothing; stores on one database may run it concurrently.
    /// </summary>
    Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
