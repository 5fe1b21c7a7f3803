using Turtle.Actors.Runtime.Storage;
using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Storage.Tests.Conformance;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Storage.Tests.Migrations;

/// <summary>Each test migrates a database of its own, created empty for it.</summary>
public sealed class PostgresSchemaMigrationTests : SchemaMigrationTests
{
    private PostgresTestDatabase? _database;

    private string ConnectionString => _database?.ConnectionString ?? "";

    protected override int LatestVersion => PostgresMigrationRunner.GrainStorageMigrations.Count;

    protected override async Task CreateEmptyStoreAsync() => _database = await PostgresTestDatabase.CreateAsync();

    protected override async Task DeleteStoreAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override IGrainStorage NewInstance() => new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = ConnectionString }, new TestEpoch());

    protected override Task InitializeAsync(IGrainStorage storage) => ((PostgresGrainStorage)storage).InitializeAsync();

    protected override async Task<List<(int Version, string AppliedAt)>> ReadVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS.US') FROM turtle_schema_version WHERE component = @component ORDER BY version;", connection);
        command.Parameters.AddWithValue("component", PostgresGrainStorage.SchemaComponent);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }
}
