using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres;
using Turtle.Actors.Storage.Tests.Conformance;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Storage.Tests.Postgres;

/// <summary>
/// PostgreSQL storage against the shared contract: each test has its own database (the cluster fence is one per
/// database, so tests raising it must not share one); each opened instance has its own connection pool.
/// </summary>
public sealed class PostgresGrainStorageTests : GrainStorageConformanceTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _database ??= await PostgresTestDatabase.CreateAsync();
        var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = _database.ConnectionString }, Epoch);
        await storage.InitializeAsync();
        return storage;
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
