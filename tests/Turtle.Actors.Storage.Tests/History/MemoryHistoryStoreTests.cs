using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The in-memory history store against the shared contract.</summary>
public sealed class MemoryHistoryStoreTests : HistoryStoreConformanceTests
{
    private MemoryHistoryStore? _store;

    protected override Task<IHistoryStore> CreateStoreAsync() => Task.FromResult<IHistoryStore>(_store = new MemoryHistoryStore(Options, Clock));

    protected override Task<IHistoryStore> CreateSecondStoreAsync() => Task.FromResult<IHistoryStore>(_store!);

    protected override Task<long> CountRowsAsync(HistoryTier tier) => Task.FromResult(_store!.RowCount(tier));
}
