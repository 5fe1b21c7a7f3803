using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>
/// What each provider supplies to <see cref="HistoryStoreConformanceTests"/>: a fresh store, a second store over the
/// same database (as another silo opens it), and a way to count a tier's rows behind its back. Time is a manual clock starting at <see cref="T0"/> (midnight, so minutes, hours and
/// days align); rollups take it explicitly as <c>now</c>.
/// </summary>
public abstract class HistoryStoreTestHarness : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    protected ManualTimeProvider Clock { get; } = new(T0);

    protected HistoryOptions Options { get; } = new();

    protected IHistoryStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store over this test's own database or file, reading time from <see cref="Clock"/>.</summary>
    protected abstract Task<IHistoryStore> CreateStoreAsync();

    /// <summary>
    /// Another store over <see cref="Store"/>'s database or file, reading the same clock, as a second silo would open
    /// it. The memory store lives in one process only, so its provider answers with <see cref="Store"/> itself.
    /// </summary>
    protected abstract Task<IHistoryStore> CreateSecondStoreAsync();

    /// <summary>How many rows <paramref name="tier"/> holds, read behind the store's back.</summary>
    protected abstract Task<long> CountRowsAsync(HistoryTier tier);

    protected virtual Task DisposeStoreAsync() => Store is IAsyncDisposable d ? d.DisposeAsync().AsTask() : Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_second is IAsyncDisposable second && !ReferenceEquals(_second, Store))
        {
            await second.DisposeAsync();
        }

        await DisposeStoreAsync();
    }

    private IHistoryStore? _second;

    /// <summary>The test's second store (see <see cref="CreateSecondStoreAsync"/>), disposed with the test.</summary>
    protected async Task<IHistoryStore> SecondStoreAsync() => _second ??= await CreateSecondStoreAsync();

    /// <summary>Moves the clock to <paramref name="now"/> and runs a maintenance pass there.</summary>
    protected async Task MaintainAtAsync(DateTimeOffset now)
    {
        Clock.Advance(now - Clock.GetUtcNow());
        await Store.RollUpAndPruneAsync(now);
    }

    protected Task<IReadOnlyList<HistorySeries>> QueryAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, TimeSpan step) =>
        Store.QueryAsync(new HistoryQuery([entity], metric, from, to, step));

    protected static Sample S(string entity, string metric, DateTimeOffset time, double value, IReadOnlyDictionary<string, string>? labels = null) =>
        new(entity, metric, time, value, labels);

    /// <summary>The point a bucket must show, computed straight from the samples (last: latest time, then greatest value).</summary>
    protected static HistoryPoint Expected(DateTimeOffset bucket, IEnumerable<Sample> samples)
    {
        var list = samples.ToList();
        var last = list.OrderBy(s => s.Time).ThenBy(s => s.Value).Last();
        return new HistoryPoint(bucket, list.Min(s => s.Value), list.Max(s => s.Value), list.Average(s => s.Value), last.Value, list.Count);
    }

    /// <summary>Exact on everything but the average, whose sum may be added in another order.</summary>
    protected static void AssertPoints(IReadOnlyList<HistoryPoint> expected, IReadOnlyList<HistoryPoint> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Avg = 0 }, actual[i] with { Avg = 0 });
            Assert.Equal(expected[i].Avg, actual[i].Avg, 9);
        }
    }

    /// <summary>Two hours before <c>T0</c>, four samples a minute, values varying; minute 5 holds a tie on its last time.</summary>
    protected static List<Sample> TwoHours(string entity, string metric)
    {
        var start = T0.AddHours(-2);
        var samples = new List<Sample>();
        for (var minute = 0; minute < 120; minute++)
        {
            foreach (var second in new[] { 0, 15, 30, 45 })
            {
                samples.Add(S(entity, metric, start.AddMinutes(minute).AddSeconds(second), ((minute * 7 + second) % 13) - 3.5 + (minute * 0.25)));
            }
        }

        samples.Add(S(entity, metric, start.AddMinutes(5).AddSeconds(45), 100));
        return samples;
    }

    protected static List<HistoryPoint> ByPeriod(IEnumerable<Sample> samples, TimeSpan period) =>
        samples.GroupBy(s => T0.AddHours(-2) + TimeSpan.FromTicks((s.Time - T0.AddHours(-2)).Ticks / period.Ticks * period.Ticks))
            .OrderBy(g => g.Key).Select(g => Expected(g.Key, g)).ToList();

    /// <summary>Rows per tier, finest first.</summary>
    protected async Task<long[]> CountAllAsync()
    {
        var counts = new List<long>();
        foreach (var tier in Enum.GetValues<HistoryTier>())
        {
            counts.Add(await CountRowsAsync(tier));
        }

        return [.. counts];
    }

    /// <summary>The minute, five-minute and hour tiers of <paramref name="entity"/>'s last two hours each match <paramref name="samples"/>.</summary>
    protected async Task AssertRolledUpAsync(string entity, IReadOnlyList<Sample> samples)
    {
        foreach (var (tier, width) in new[] { (HistoryTier.Minute, TimeSpan.FromMinutes(1)), (HistoryTier.FiveMinute, TimeSpan.FromMinutes(5)), (HistoryTier.Hour, TimeSpan.FromHours(1)) })
        {
            var series = Assert.Single(await QueryAsync(entity, "cpu", T0.AddHours(-2), T0, width));
            Assert.Equal(tier, series.Tier);
            AssertPoints(ByPeriod(samples, width), series.Points);
        }
    }

    /// <summary>A pass replayed at <paramref name="now"/> (the last pass's time), then one 20 seconds later, change no tier.</summary>
    protected async Task AssertReplayChangesNothingAsync(DateTimeOffset now)
    {
        var before = await SnapshotAsync();
        await Store.RollUpAndPruneAsync(now);
        await MaintainAtAsync(now.AddSeconds(20));
        AssertSame(before, await SnapshotAsync());
    }

    /// <summary>Every tier's row count, and entity h's last two hours from each rollup tier.</summary>
    private async Task<(long[] Counts, IReadOnlyList<HistoryPoint>[] Points)> SnapshotAsync()
    {
        var points = new List<IReadOnlyList<HistoryPoint>>();
        foreach (var step in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1) })
        {
            points.Add(Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, step)).Points);
        }

        return (await CountAllAsync(), [.. points]);
    }

    private static void AssertSame((long[] Counts, IReadOnlyList<HistoryPoint>[] Points) expected, (long[] Counts, IReadOnlyList<HistoryPoint>[] Points) actual)
    {
        Assert.Equal(expected.Counts, actual.Counts);
        for (var i = 0; i < expected.Points.Length; i++)
        {
            AssertPoints(expected.Points[i], actual.Points[i]);
        }
    }
}
