using Npgsql;

namespace Turtle.Actors.Storage.Tests.Postgres;

/// <summary>
/// The real PostgreSQL server the tests use, named by <c>TURTLE_TEST_POSTGRES</c> (which <c>./scripts/test</c> sets).
/// Without it these tests fail with instructions; they never skip. Each caller gets its own fresh database.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "TURTLE_TEST_POSTGRES";

    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            throw new InvalidOperationException(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? $"{Variable} is not set, and CI=true: CI must run the suite through ./scripts/test, which starts PostgreSQL and sets {Variable}. The PostgreSQL provider's tests cannot run without a server."
                : $"{Variable} is not set, so the PostgreSQL provider's tests have no server. Run ./scripts/test (it starts one), or run `export {Variable}=\"$(scripts/postgres start)\"` from the repository root and then dotnet test again.");
        }
    }

    /// <summary>Creates an empty database with a unique name; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "turtle_t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever connections remain.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One fresh database for a whole test class, so parallel test classes never share tables.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await PostgresTestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => ConnectionString.Length == 0 ? Task.CompletedTask : PostgresTestServer.DropDatabaseAsync(ConnectionString);
}
