using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Postgres.History;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The PostgreSQL history store against the shared contract, each test in a fresh database (the suite counts rows).</summary>
public sealed class PostgresHistoryStoreTests : HistoryStoreConformanceTests
{
    private PostgresTestDatabase? _database;
    private PostgresHistoryStore? _store;

    protected override async Task<IHistoryStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _store = new PostgresHistoryStore(new PostgresStorageOptions { ConnectionString = _database.ConnectionString }, Options, Clock);
        await _store.InitializeAsync();
        return _store;
    }

    protected override async Task<long> CountRowsAsync(HistoryTier tier) =>
        await ScalarAsync<long>($"SELECT count(*) FROM turtle_history_{tier.ToString().ToLowerInvariant()};");

    protected override async Task DisposeStoreAsync()
    {
        await base.DisposeStoreAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Raw_rows_live_in_day_partitions_created_ahead_and_retention_drops_whole_days()
    {
        await Store.WriteAsync([S("h", "cpu", T0.AddHours(-1), 1)]);
        await Store.RollUpAndPruneAsync(T0);
        Assert.Equal(["turtle_history_raw_p20260228", "turtle_history_raw_p20260301", "turtle_history_raw_p20260302", "turtle_history_raw_p20260303"], await PartitionsAsync());
        Assert.Equal("brin", await ScalarAsync<string>("SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'ix_turtle_history_raw_time';"));
        Assert.Equal(1, await ScalarAsync<int>("SELECT max(version) FROM turtle_schema_version WHERE component = 'history';"));

        Clock.Advance(TimeSpan.FromDays(8));
        await Store.RollUpAndPruneAsync(T0.AddDays(8));

        Assert.DoesNotContain("turtle_history_raw_p20260228", await PartitionsAsync());
        Assert.Contains("turtle_history_raw_p20260311", await PartitionsAsync());
    }

    private async Task<List<string>> PartitionsAsync()
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'turtle_history_raw'::regclass ORDER BY 1;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
