using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Storage.Tests.Postgres;

/// <summary>One fresh database (see <see cref="PostgresTestDatabase"/>) for a whole test class, so parallel test classes never share tables.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? "";

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
