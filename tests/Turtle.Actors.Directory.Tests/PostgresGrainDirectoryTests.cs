using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Turtle.Actors.Postgres.Directory;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Directory.Tests;

/// <summary>Every directory instance has its own connection pool and cache, as separate silo processes would.</summary>
public sealed class PostgresGrainDirectoryTests : GrainDirectoryConformanceTests, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private PostgresTestDatabase? _database;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IGrainDirectory> CreateAsync(string clusterId)
    {
        var dataSource = new NpgsqlDataSourceBuilder(_database!.ConnectionString) { Name = Guid.NewGuid().ToString("N") }.Build();
        _dataSources.Add(dataSource);
        var directory = new PostgresGrainDirectory(dataSource, clusterId, NullLogger.Instance);
        await directory.InitializeAsync(CancellationToken.None);
        return directory;
    }

    [Fact]
    public async Task Migrating_twice_and_concurrently_is_harmless()
    {
        var directories = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateAsync("c-migrate")));
        var again = (PostgresGrainDirectory)directories[0];
        await again.InitializeAsync(CancellationToken.None);
        Assert.Null(await again.LookupAsync(new GrainId("host", "nothing")));
    }
}
