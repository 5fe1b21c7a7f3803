using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>Folds rows (samples or rollup rows) into the query's step buckets, per entity, then emits the series.</summary>
public sealed class SeriesBuilder(HistoryQuery query, HistoryTier tier)
{
    private readonly Dictionary<string, Dictionary<long, RollupCell>> _entities = new(StringComparer.Ordinal);

    public void AddSample(string entity, DateTimeOffset time, double value) =>
        Cell(entity, time).Add(time.UtcTicks, value);

    public void AddRollup(string entity, DateTimeOffset bucket, double min, double max, double sum, long count, DateTimeOffset lastTime, double last) =>
        Cell(entity, bucket).Merge(min, max, sum, count, lastTime.UtcTicks, last);

    /// <summary>One series per entity with data, in the order the query named them.</summary>
    public IReadOnlyList<HistorySeries> Build()
    {
        var series = new List<HistorySeries>();
        foreach (var entity in query.Entities.Distinct(StringComparer.Ordinal))
        {
            if (_entities.TryGetValue(entity, out var buckets))
            {
                series.Add(new HistorySeries(entity, query.Metric, tier,
                    buckets.OrderBy(b => b.Key).Select(b => b.Value.ToPoint(query.From + TimeSpan.FromTicks(b.Key * query.Step.Ticks))).ToList()));
            }
        }

        return series;
    }

    private ref RollupCell Cell(string entity, DateTimeOffset time)
    {
        if (!_entities.TryGetValue(entity, out var buckets))
        {
            buckets = new Dictionary<long, RollupCell>();
            _entities.Add(entity, buckets);
        }

        var index = (time - query.From).Ticks / query.Step.Ticks;
        return ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(buckets, index, out _);
    }
}
