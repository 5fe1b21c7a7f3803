using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Configuration;
using Turtle.Actors.Sqlite;
using Turtle.Actors.Sqlite.Migrations;
using Turtle.Actors.Storage.Tests.Conformance;
using Turtle.Actors.Storage.Tests.Sqlite;

namespace Turtle.Actors.Storage.Tests.Migrations;

public sealed class SqliteSchemaMigrationTests : SchemaMigrationTests
{
    private readonly TemporaryDirectory _directory = new();

    private SqliteStorageOptions Options => new() { DataDirectory = _directory.Path };

    protected override int LatestVersion => SqliteMigrationRunner.GrainStorageMigrations.Count;

    protected override Task CreateEmptyStoreAsync() => Task.CompletedTask;

    protected override Task DeleteStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    protected override IGrainStorage NewInstance() => new SqliteGrainStorage(Options, new TestEpoch());

    protected override Task InitializeAsync(IGrainStorage storage) => ((SqliteGrainStorage)storage).InitializeAsync();

    protected override async Task<List<(int Version, string AppliedAt)>> ReadVersionsAsync() =>
        (await SqliteSchema.VersionsAsync(Options.DatabasePath)).Select(v => (v.Version, v.AppliedAt)).ToList();
}
