using Npgsql;

namespace Turtle.Actors.Testing.Postgres;

/// <summary>
/// A fresh database on the real PostgreSQL server the tests use, named by <c>TURTLE_TEST_POSTGRES</c> (which
/// <c>./scripts/test</c> sets after starting the server). Without it, creating one fails with instructions, so
/// PostgreSQL tests fail loudly instead of skipping. Dispose drops the database.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "TURTLE_TEST_POSTGRES";

    private PostgresTestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            throw new InvalidOperationException(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? $"{Variable} is not set, and CI=true: CI must run the suite through ./scripts/test, which starts PostgreSQL and sets {Variable}."
                : $"{Variable} is not set, so PostgreSQL tests have no server. Run ./scripts/test, or `export {Variable}=\"$(scripts/postgres start)\"` and test again.");
        }
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var name = "turtle_t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return new PostgresTestDatabase(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
