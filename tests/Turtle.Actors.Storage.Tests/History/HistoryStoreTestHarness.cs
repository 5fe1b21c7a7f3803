using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>
/// What each provider supplies to <see cref="HistoryStoreConformanceTests"/>: a fresh store and a way to count a
/// tier's rows behind its back. Time is a manual clock starting at <see cref="T0"/> (midnight, so minutes, hours and
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

    /// <summary>How many rows <paramref name="tier"/> holds, read behind the store's back.</summary>
    protected abstract Task<long> CountRowsAsync(HistoryTier tier);

    protected virtual Task DisposeStoreAsync() => Store is IAsyncDisposable d ? d.DisposeAsync().AsTask() : Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

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
}
