using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// History in process memory, for tests and <c>Turtle:Storage:Provider=memory</c>: the same validation, tiers,
/// rollups and retention as the durable providers, behind one lock. Lost when the process ends.
/// </summary>
public sealed class MemoryHistoryStore(HistoryOptions options, TimeProvider time) : IHistoryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Entity, string Metric), List<Sample>> _raw = new();
    private readonly Dictionary<(string Entity, string Metric), SortedDictionary<DateTimeOffset, RollupCell>> _minutes = new();
    private readonly Dictionary<(string Entity, string Metric), SortedDictionary<DateTimeOffset, RollupCell>> _hours = new();
    private DateTimeOffset? _minutesRolledUntil;
    private DateTimeOffset? _hoursRolledUntil;

    public Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        SampleBatchValidator.Validate(samples, options, time.GetUtcNow());
        lock (_lock)
        {
            foreach (var sample in samples)
            {
                var key = (sample.Entity, sample.Metric);
                if (!_raw.TryGetValue(key, out var list))
                {
                    _raw[key] = list = [];
                }

                // Copies: a caller reusing its label dictionary must not change what was stored.
                list.Add(sample with
                {
                    Time = HistoryTierPlanner.Truncate(sample.Time),
                    Labels = sample.Labels is null ? null : new Dictionary<string, string>(sample.Labels, StringComparer.Ordinal),
                });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var tier = HistoryTierPlanner.Choose(query.Step, query.From, time.GetUtcNow(), options);
        var builder = new SeriesBuilder(query, tier);
        lock (_lock)
        {
            foreach (var entity in query.Entities.Distinct(StringComparer.Ordinal))
            {
                if (tier == HistoryTier.Raw)
                {
                    foreach (var sample in _raw.GetValueOrDefault((entity, query.Metric)) ?? [])
                    {
                        if (sample.Time >= query.From && sample.Time < query.To)
                        {
                            builder.AddSample(entity, sample.Time, sample.Value);
                        }
                    }

                    continue;
                }

                var rollups = (tier == HistoryTier.Minute ? _minutes : _hours).GetValueOrDefault((entity, query.Metric));
                foreach (var (bucket, cell) in rollups ?? [])
                {
                    if (bucket >= query.From && bucket < query.To)
                    {
                        builder.AddRollup(entity, bucket, cell.Min, cell.Max, cell.Sum, cell.Count, new DateTimeOffset(cell.LastTicks, TimeSpan.Zero), cell.Last);
                    }
                }
            }
        }

        return Task.FromResult(builder.Build());
    }

    public Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Sample> found = (_raw.GetValueOrDefault((entity, metric)) ?? [])
                .Where(s => s.Time >= from && s.Time < to).OrderBy(s => s.Time).Take(limit).ToList();
            return Task.FromResult(found);
        }
    }

    public Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            RollUpMinutes(now);
            RollUpHours(now);
            Prune(now);
        }

        return Task.CompletedTask;
    }

    /// <summary>Rows currently kept in <paramref name="tier"/> (tests use it to see pruning happen).</summary>
    public long RowCount(HistoryTier tier)
    {
        lock (_lock)
        {
            return tier switch
            {
                HistoryTier.Raw => _raw.Values.Sum(l => (long)l.Count),
                HistoryTier.Minute => _minutes.Values.Sum(d => (long)d.Count),
                _ => _hours.Values.Sum(d => (long)d.Count),
            };
        }
    }

    private void RollUpMinutes(DateTimeOffset now)
    {
        var end = HistoryTierPlanner.Floor(now, HistoryTierPlanner.MinuteWidth);
        var start = _minutesRolledUntil ?? DateTimeOffset.MinValue;
        foreach (var ((entity, metric), samples) in _raw)
        {
            foreach (var sample in samples)
            {
                if (sample.Time >= start && sample.Time < end)
                {
                    var bucket = HistoryTierPlanner.Floor(sample.Time, HistoryTierPlanner.MinuteWidth);
                    var cell = Buckets(_minutes, (entity, metric)).GetValueOrDefault(bucket);
                    cell.Add(sample.Time.UtcTicks, sample.Value);
                    _minutes[(entity, metric)][bucket] = cell;
                }
            }
        }

        _minutesRolledUntil = end > start ? end : start;
    }

    private void RollUpHours(DateTimeOffset now)
    {
        // An hour is complete once its minutes are rolled up, not merely once the clock passed it.
        var minutesDone = _minutesRolledUntil ?? DateTimeOffset.MinValue;
        var end = HistoryTierPlanner.Floor(minutesDone < now ? minutesDone : now, HistoryTierPlanner.HourWidth);
        var start = _hoursRolledUntil ?? DateTimeOffset.MinValue;
        foreach (var (key, buckets) in _minutes)
        {
            foreach (var (bucket, cell) in buckets)
            {
                if (bucket >= start && bucket < end)
                {
                    var hours = Buckets(_hours, key);
                    var hour = HistoryTierPlanner.Floor(bucket, HistoryTierPlanner.HourWidth);
                    var total = hours.GetValueOrDefault(hour);
                    cell.MergeInto(ref total);
                    hours[hour] = total;
                }
            }
        }

        _hoursRolledUntil = end > start ? end : start;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var list in _raw.Values)
        {
            list.RemoveAll(s => s.Time < now - options.RawRetention);
        }

        PruneRollups(_minutes, now - options.MinuteRetention);
        PruneRollups(_hours, now - options.HourRetention);
    }

    private static void PruneRollups(Dictionary<(string, string), SortedDictionary<DateTimeOffset, RollupCell>> tier, DateTimeOffset cutoff)
    {
        foreach (var buckets in tier.Values)
        {
            foreach (var old in buckets.Keys.TakeWhile(b => b < cutoff).ToList())
            {
                buckets.Remove(old);
            }
        }
    }

    private static SortedDictionary<DateTimeOffset, RollupCell> Buckets(Dictionary<(string, string), SortedDictionary<DateTimeOffset, RollupCell>> tier, (string, string) key)
    {
        if (!tier.TryGetValue(key, out var buckets))
        {
            tier[key] = buckets = new SortedDictionary<DateTimeOffset, RollupCell>();
        }

        return buckets;
    }
}
