using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres;
using Turtle.Actors.Storage.Tests.Conformance;

namespace Turtle.Actors.Storage.Tests.Postgres;

/// <summary>PostgreSQL storage against the shared contract, in this class's own database; each opened instance has its own connection pool.</summary>
public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture database) : GrainStorageConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = database.ConnectionString }, Epoch);
        await storage.InitializeAsync();
        return storage;
    }
}
