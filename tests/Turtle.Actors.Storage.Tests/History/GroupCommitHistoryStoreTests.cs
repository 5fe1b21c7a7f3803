using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The group-commit wrapper the silo puts around every history store: the same contract, plus merging.</summary>
public sealed class GroupCommitHistoryStoreTests : HistoryStoreConformanceTests
{
    private MemoryHistoryStore? _inner;

    protected override Task<IHistoryStore> CreateStoreAsync() =>
        Task.FromResult<IHistoryStore>(new GroupCommitHistoryStore(_inner = new MemoryHistoryStore(Options, Clock), Options, Clock));

    protected override Task<IHistoryStore> CreateSecondStoreAsync() => Task.FromResult(Store); // one process: the same store

    protected override Task<long> CountRowsAsync(HistoryTier tier) => Task.FromResult(_inner!.RowCount(tier));

    [Fact]
    public async Task Concurrent_batches_are_all_stored_and_a_bad_one_fails_alone()
    {
        var now = Clock.GetUtcNow();
        var good = Enumerable.Range(0, 200).Select(i => Store.WriteAsync([new Sample($"dc1/h{i}", "cpu.percent", now, i), new Sample($"dc1/h{i}", "load.avg1", now, 1)])).ToList();
        var bad = Store.WriteAsync([new Sample("dc1/bad", "cpu.percent", now, double.NaN)]);

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<InvalidSampleException>(() => bad);
        Assert.Equal(400, _inner!.RowCount(HistoryTier.Raw));
    }
}
