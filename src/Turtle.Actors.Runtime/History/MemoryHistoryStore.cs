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
    private readonly Dictionary<HistoryTier, Dictionary<(string Entity, string Metric), SortedDictionary<DateTimeOffset, RollupCell>>> _rollups =
        HistoryTiers.Rollups.ToDictionary(r => r.Tier, _ => new Dictionary<(string, string), SortedDictionary<DateTimeOffset, RollupCell>>());
    private readonly Dictionary<HistoryTier, DateTimeOffset> _rolledUntil = new();

    // Minutes that received samples after the minute tier rolled them up. Writes and passes share the lock, so a
    // write either lands before the pass rolls its minute or sees the watermark past it and marks the minute.
    private readonly HashSet<DateTimeOffset> _lateMinutes = [];

    public Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        SampleBatchValidator.Validate(samples, options, time.GetUtcNow());
        lock (_lock)
        {
            var minutesDone = _rolledUntil.TryGetValue(HistoryTier.Minute, out var until) ? until : DateTimeOffset.MinValue;
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
                if (sample.Time < minutesDone)
                {
                    _lateMinutes.Add(HistoryTierPlanner.Floor(sample.Time, HistoryTiers.MinuteWidth));
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var tier = HistoryTierPlanner.Choose(query.Step, query.From, time.GetUtcNow(), options);
        lock (_lock)
        {
            // Everything below completes synchronously, under the lock: the tasks are already finished.
            return TierStitching.QueryAsync(query, tier,
                t => Task.FromResult<DateTimeOffset?>(_rolledUntil.TryGetValue(t, out var until) ? until : null),
                (t, from, to, builder) =>
                {
                    Read(query, t, from, to, builder);
                    return Task.CompletedTask;
                });
        }
    }

    private void Read(HistoryQuery query, HistoryTier tier, DateTimeOffset from, DateTimeOffset to, SeriesBuilder builder)
    {
        foreach (var entity in query.Entities.Distinct(StringComparer.Ordinal))
        {
            if (tier == HistoryTier.Raw)
            {
                foreach (var sample in _raw.GetValueOrDefault((entity, query.Metric)) ?? [])
                {
                    if (sample.Time >= from && sample.Time < to)
                    {
                        builder.AddSample(entity, sample.Time, sample.Value);
                    }
                }

                continue;
            }

            foreach (var (bucket, cell) in _rollups[tier].GetValueOrDefault((entity, query.Metric)) ?? [])
            {
                if (bucket >= from && bucket < to)
                {
                    builder.AddRollup(entity, bucket, cell.Min, cell.Max, cell.Sum, cell.Count, new DateTimeOffset(cell.LastTicks, TimeSpan.Zero), cell.Last);
                }
            }
        }
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
            foreach (var rollup in HistoryTiers.Rollups)
            {
                RollUp(rollup, now);
            }

            FoldLateMinutes(now);
            Prune(now);
        }

        return Task.CompletedTask;
    }

    /// <summary>Rows currently kept in <paramref name="tier"/> (tests use it to see pruning happen).</summary>
    public long RowCount(HistoryTier tier)
    {
        lock (_lock)
        {
            return tier == HistoryTier.Raw ? _raw.Values.Sum(l => (long)l.Count) : _rollups[tier].Values.Sum(d => (long)d.Count);
        }
    }

    private void RollUp(HistoryRollupTier rollup, DateTimeOffset now)
    {
        // A period is complete once the clock passed it and its source has rolled all of it up (the chain runs finest
        // first, so the source's watermark is already set).
        var sourceDone = rollup.Source == HistoryTier.Raw ? now : _rolledUntil[rollup.Source];
        var end = HistoryTierPlanner.Floor(sourceDone < now ? sourceDone : now, rollup.Width);
        var start = _rolledUntil.TryGetValue(rollup.Tier, out var until) ? until : DateTimeOffset.MinValue;
        if (end > start)
        {
            Refold(rollup, bucket => bucket >= start && bucket < end);
            _rolledUntil[rollup.Tier] = end;
        }
        else
        {
            _rolledUntil[rollup.Tier] = start;
        }
    }

    /// <summary>Recomputes the late minutes, then the five-minute and hour periods holding them that were rolled already.</summary>
    private void FoldLateMinutes(DateTimeOffset now)
    {
        IReadOnlyList<DateTimeOffset> changed = [.. _lateMinutes];
        _lateMinutes.Clear();
        foreach (var rollup in HistoryTiers.Rollups)
        {
            var due = rollup.Due(changed, _rolledUntil.TryGetValue(rollup.Tier, out var until) ? until : null, now, options);
            if (due.Count > 0)
            {
                Refold(rollup, due.ToHashSet().Contains);
            }

            changed = due;
        }
    }

    /// <summary>Recomputes the cells of <paramref name="rollup"/> whose period <paramref name="due"/> accepts from the source tier's rows.</summary>
    private void Refold(HistoryRollupTier rollup, Func<DateTimeOffset, bool> due)
    {
        var cells = _rollups[rollup.Tier];
        foreach (var buckets in cells.Values)
        {
            foreach (var stale in buckets.Keys.Where(due).ToList())
            {
                buckets.Remove(stale);
            }
        }

        foreach (var (key, time, cell) in SourceRows(rollup.Source))
        {
            var bucket = HistoryTierPlanner.Floor(time, rollup.Width);
            if (due(bucket))
            {
                if (!cells.TryGetValue(key, out var buckets))
                {
                    cells[key] = buckets = new SortedDictionary<DateTimeOffset, RollupCell>();
                }

                var total = buckets.GetValueOrDefault(bucket);
                cell.MergeInto(ref total);
                buckets[bucket] = total;
            }
        }
    }

    /// <summary>A tier's rows as cells: a raw sample is a cell of one.</summary>
    private IEnumerable<((string, string) Key, DateTimeOffset Time, RollupCell Cell)> SourceRows(HistoryTier source)
    {
        if (source != HistoryTier.Raw)
        {
            return _rollups[source].SelectMany(series => series.Value.Select(b => (series.Key, b.Key, b.Value)));
        }

        return _raw.SelectMany(series => series.Value.Select(sample =>
        {
            var cell = default(RollupCell);
            cell.Add(sample.Time.UtcTicks, sample.Value);
            return (series.Key, sample.Time, cell);
        }));
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var list in _raw.Values)
        {
            list.RemoveAll(s => s.Time < now - options.RawRetention);
        }

        foreach (var rollup in HistoryTiers.Rollups)
        {
            var cutoff = now - HistoryTiers.Retention(rollup.Tier, options);
            foreach (var buckets in _rollups[rollup.Tier].Values)
            {
                foreach (var old in buckets.Keys.TakeWhile(b => b < cutoff).ToList())
                {
                    buckets.Remove(old);
                }
            }
        }
    }
}
