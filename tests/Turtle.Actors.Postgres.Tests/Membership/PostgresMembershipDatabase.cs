using Npgsql;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Postgres.Tests.Membership;

/// <summary>
/// One fresh database per test class (tests separate themselves by cluster id). Creating it fails, with instructions,
/// when <c>TURTLE_TEST_POSTGRES</c> is not set, so every test of the class fails instead of skipping.
/// </summary>
public sealed class PostgresMembershipDatabase : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The test database was not created.");

    /// <summary>A data source with its own connection pool, as a separate silo process would have.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var dataSource = new NpgsqlDataSourceBuilder(ConnectionString) { Name = Guid.NewGuid().ToString("N") }.Build();
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

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
}
