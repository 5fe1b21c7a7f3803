using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Sqlite.History;
using Turtle.Actors.Storage.Tests.Sqlite;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The SQLite history store against the shared contract, each test in its own file.</summary>
public sealed class SqliteHistoryStoreTests : HistoryStoreConformanceTests
{
    private readonly TemporaryDirectory _directory = new();
    private SqliteHistoryStore? _store;

    protected override async Task<IHistoryStore> CreateStoreAsync()
    {
        _store = new SqliteHistoryStore(new SqliteStorageOptions { DataDirectory = _directory.Path, FileName = "history.db" }, Options, Clock);
        await _store.InitializeAsync();
        return _store;
    }

    protected override async Task<IHistoryStore> CreateSecondStoreAsync()
    {
        var second = new SqliteHistoryStore(new SqliteStorageOptions { DataDirectory = _directory.Path, FileName = "history.db" }, Options, Clock);
        await second.InitializeAsync();
        return second;
    }

    protected override Task<long> CountRowsAsync(HistoryTier tier) =>
        SqliteSchema.ScalarAsync<long>(_store!.DatabasePath, $"SELECT COUNT(*) FROM {SqliteHistoryStore.TableOf(tier)};");

    protected override async Task DisposeStoreAsync()
    {
        await base.DisposeStoreAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_history_file_uses_WAL_and_its_own_schema_versions()
    {
        Assert.Equal("wal", await SqliteSchema.ScalarAsync<string>(_store!.DatabasePath, "PRAGMA journal_mode;"));
        Assert.Equal([(1, "create_history"), (2, "five_minute_tier_and_late_minutes")], (await SqliteSchema.VersionsAsync(_store.DatabasePath)).Select(v => (v.Version, v.Name)));
    }
}
