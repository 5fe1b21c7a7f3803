using Turtle.Actors.Configuration;
using Turtle.Actors.Sqlite;
using Turtle.Actors.Storage.Tests.Conformance;

namespace Turtle.Actors.Storage.Tests.Sqlite;

/// <summary>SQLite storage against the shared contract: each test has its own file; each opened instance has its own connections.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests
{
    private readonly TemporaryDirectory _directory = new();

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory.Path }, Epoch);
        await storage.InitializeAsync();
        return storage;
    }

    protected override Task DeleteStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_file_is_created_in_a_missing_data_directory_and_uses_WAL()
    {
        var directory = Path.Combine(_directory.Path, "nested", "data");
        await using var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = directory }, Epoch);
        await storage.WriteStateAsync("s", NewGrainId(), new GrainStateCopy<SampleState>());

        Assert.Equal(Path.Combine(directory, "turtle.db"), storage.DatabasePath);
        Assert.True(File.Exists(storage.DatabasePath));
        Assert.Equal("wal", await SqliteSchema.ScalarAsync<string>(storage.DatabasePath, "PRAGMA journal_mode;"));
    }
}
