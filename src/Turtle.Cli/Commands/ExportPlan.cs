using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary>
/// How <c>export</c> pages through history: time chunks of a whole number of steps (so chunk buckets are exactly the buckets
/// one query over the whole range would have), entities in batches (so a query's address stays short), one request per
/// chunk, metric and batch; only one answer is in memory at a time.
/// </summary>
public sealed record ExportPlan(TimeRange Range, TimeSpan Step, TimeSpan Chunk, IReadOnlyList<string> Entities, IReadOnlyList<string> Metrics)
{
    /// <summary>Entities per request: 50 keys keep a query's address well under the server's 8 KiB request line.</summary>
    public const int EntitiesPerRequest = 50;

    /// <summary>Points one request may return when the chunk is chosen automatically.</summary>
    public const int PointsPerRequest = 20_000;

    /// <summary>The plan, with <paramref name="chunk"/> rounded down to whole steps, or chosen when null.</summary>
    public static ExportPlan Create(TimeRange range, TimeSpan step, TimeSpan? chunk, IReadOnlyList<string> entities, IReadOnlyList<string> metrics)
    {
        var batch = Math.Max(1, Math.Min(entities.Count, EntitiesPerRequest));
        var steps = chunk is { } wanted
            ? Math.Max(1, wanted.Ticks / step.Ticks)
            : Math.Clamp(PointsPerRequest / batch, 1, Math.Max(1, TimeSpan.FromDays(1).Ticks / step.Ticks));
        return new ExportPlan(range, step, TimeSpan.FromTicks(step.Ticks * steps), entities, metrics);
    }

    public IEnumerable<TimeRange> Chunks()
    {
        for (var start = Range.From; start < Range.To; start += Chunk)
        {
            var end = start + Chunk;
            yield return new TimeRange(start, end < Range.To ? end : Range.To);
        }
    }

    public IEnumerable<IReadOnlyList<string>> Batches() => Entities.Chunk(EntitiesPerRequest);

    /// <summary>Requests the export makes: the progress bar's length.</summary>
    public long Requests => (long)Math.Ceiling(Range.Length.Ticks / (double)Chunk.Ticks) * Metrics.Count * (long)Math.Ceiling(Entities.Count / (double)EntitiesPerRequest);
}
