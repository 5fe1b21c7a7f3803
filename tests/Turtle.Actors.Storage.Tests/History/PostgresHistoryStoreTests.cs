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

    protected override async Task<IHistoryStore> CreateSecondStoreAsync()
    {
        var second = new PostgresHistoryStore(new PostgresStorageOptions { ConnectionString = _database!.ConnectionString }, Options, Clock);
        await second.InitializeAsync();
        return second;
    }

    protected override async Task<long> CountRowsAsync(HistoryTier tier) =>
        await ScalarAsync<long>($"SELECT count(*) FROM {PostgresHistorySql.TableOf(tier)};");

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
        Assert.Equal(2, await ScalarAsync<int>("SELECT max(version) FROM turtle_schema_version WHERE component = 'history';"));

        Clock.Advance(TimeSpan.FromDays(8));
        await Store.RollUpAndPruneAsync(T0.AddDays(8));

        Assert.DoesNotContain("turtle_history_raw_p20260228", await PartitionsAsync());
        Assert.Contains("turtle_history_raw_p20260311", await PartitionsAsync());
    }

    [Fact]
    public async Task The_five_minute_table_has_the_covering_key_and_brin_index_of_the_minute_table()
    {
        // Each index's definition with its table's name replaced by T: "CREATE UNIQUE INDEX T_pkey ON public.T USING btree (…) INCLUDE (…)".
        const string Definition = "SELECT replace(pg_get_indexdef('{0}'::regclass), '{1}', 'T');";
        foreach (var (minute, fiveMinute) in new[] { ("turtle_history_minute_pkey", "turtle_history_five_minute_pkey"), ("ix_turtle_history_minute_bucket", "ix_turtle_history_five_minute_bucket") })
        {
            Assert.Equal(await ScalarAsync<string>(string.Format(Definition, minute, "turtle_history_minute")),
                await ScalarAsync<string>(string.Format(Definition, fiveMinute, "turtle_history_five_minute")));
        }
    }

    [Fact]
    public async Task A_batch_that_commits_after_a_pass_rolled_its_periods_is_folded_in_by_the_next_pass()
    {
        // Earlier rows start the watermarks; the pass creates today's partitions, so the pass below needs no DDL (which
        // the open batch would block).
        await Store.WriteAsync([S("other", "cpu", T0.AddMinutes(-10), 1)]);
        await MaintainAtAsync(T0);
        // A batch in flight, written as the store writes one: its row and its minute's mark in one open transaction.
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(
            "INSERT INTO turtle_history_raw (entity, metric, time, value) VALUES ('h', 'cpu', @time, 9999); INSERT INTO turtle_history_minute_marks (minute) VALUES (@minute);",
            connection, transaction))
        {
            write.Parameters.AddWithValue("time", T0.AddSeconds(30).UtcDateTime);
            write.Parameters.AddWithValue("minute", T0.UtcDateTime);
            await write.ExecuteNonQueryAsync();
        }

        // The pass rolls its minute, five minutes and hour without seeing it.
        await MaintainAtAsync(T0.AddHours(1).AddMinutes(1));
        Assert.Empty(await QueryAsync("h", "cpu", T0, T0.AddHours(1), TimeSpan.FromMinutes(1)));

        await transaction.CommitAsync();
        await MaintainAtAsync(T0.AddHours(1).AddMinutes(2));

        foreach (var (step, tier) in new[] { (TimeSpan.FromMinutes(1), HistoryTier.Minute), (TimeSpan.FromMinutes(5), HistoryTier.FiveMinute), (TimeSpan.FromHours(1), HistoryTier.Hour) })
        {
            var series = Assert.Single(await QueryAsync("h", "cpu", T0, T0.AddHours(1), step));
            Assert.Equal(tier, series.Tier);
            Assert.Equal(new HistoryPoint(T0, 9999, 9999, 9999, 9999, 1), Assert.Single(series.Points));
        }

        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM turtle_history_minute_marks;"));
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
