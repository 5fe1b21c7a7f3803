using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Runtime.History;
using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// History in PostgreSQL: each batch is one binary <c>COPY</c> into the day-partitioned raw table (all rows or none);
/// queries aggregate per step bucket in the database, from the tier that fits the step.
/// </summary>
public sealed class PostgresHistoryStore : IHistoryStore, IAsyncDisposable
{
    /// <summary>The component name of the history tables in <c>turtle_schema_version</c>.</summary>
    public const string Component = "history";

    private const string CopyCommand = "COPY turtle_history_raw (entity, metric, time, value, labels) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PostgresHistoryPartitions _partitions = new();
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public PostgresHistoryStore(PostgresStorageOptions storage, HistoryOptions options, TimeProvider? time = null, ILogger<PostgresHistoryStore>? logger = null)
    {
        _dataSource = NpgsqlDataSource.Create(storage.ConnectionString ?? throw new ArgumentException("The PostgreSQL history store needs a connection string.", nameof(storage)));
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgresHistoryStore>.Instance;
    }

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(PostgresHistoryStore).Assembly, "Turtle.Actors.Postgres.Migrations.History.");

    /// <summary>Creates or migrates the history tables (the silo runs it at start-up; otherwise the first call does).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (!_initialized)
            {
                var version = await new PostgresMigrationRunner(_dataSource, Component, Migrations, _logger).RunAsync(cancellationToken);
                _logger.LogInformation("PostgreSQL history store ready, schema version {Version}", version);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    public async Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        SampleBatchValidator.Validate(samples, _options, _time.GetUtcNow());
        if (samples.Count == 0)
        {
            return;
        }

        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await _partitions.EnsureAsync(connection, samples.Select(s => PostgresHistoryPartitions.DayOf(s.Time)), cancellationToken);
        var minutes = samples.Select(s => HistoryTierPlanner.Floor(s.Time, HistoryTiers.MinuteWidth).UtcDateTime).Distinct().ToArray();
        try
        {
            await WriteBatchAsync(connection, samples, minutes, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // "no partition found for row": another silo dropped or never saw a partition this one remembered. The
            // transaction stored nothing, so check again and retry once.
            _partitions.Forget();
            await _partitions.EnsureAsync(connection, samples.Select(s => PostgresHistoryPartitions.DayOf(s.Time)), cancellationToken);
            await WriteBatchAsync(connection, samples, minutes, cancellationToken);
        }
    }

    /// <summary>
    /// The rows, and the marks of the minutes they fall in, in one transaction. The marks tell the rollup pass which
    /// minutes to recompute when this batch commits after its minutes were rolled up (late samples, or a batch that
    /// straddled the pass); which minutes were already rolled is the pass's to decide, under its lock, because this
    /// transaction cannot see a pass that commits before it does. A batch covers a few minutes, so a few small rows.
    /// </summary>
    private static async Task WriteBatchAsync(NpgsqlConnection connection, IReadOnlyList<Sample> samples, DateTime[] minutes, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CopyAsync(connection, samples, cancellationToken);
        await using (var mark = new NpgsqlCommand("INSERT INTO turtle_history_minute_marks (minute) SELECT unnest(@minutes);", connection, transaction))
        {
            mark.Parameters.AddWithValue("minutes", minutes);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Sample> samples, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
        foreach (var sample in samples)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(sample.Entity, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(sample.Metric, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(sample.Time.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(sample.Value, NpgsqlDbType.Double, cancellationToken);
            if (sample.Labels is null)
            {
                await writer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await writer.WriteAsync(JsonSerializer.Serialize(sample.Labels), NpgsqlDbType.Jsonb, cancellationToken);
            }
        }

        // Without Complete the COPY is cancelled on dispose (and the transaction rolls back): all rows or none.
        await writer.CompleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        await InitializeAsync(cancellationToken);
        var tier = HistoryTierPlanner.Choose(query.Step, query.From, _time.GetUtcNow(), _options);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A fleet-wide query groups tens of thousands of buckets; the default 4 MB work_mem would spill them to disk.
        // JIT compiling its expressions costs more than it saves on a query that runs well under a second.
        await using (var memory = new NpgsqlCommand("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;", connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken);
        }

        var watermarks = await WatermarksAsync(connection, transaction, cancellationToken);
        return await TierStitching.QueryAsync(query, tier,
            t => Task.FromResult<DateTimeOffset?>(watermarks.TryGetValue(PostgresHistorySql.NameOf(t), out var until) ? until : null),
            (t, from, to, builder) => ReadAsync(connection, transaction, query, t, from, to, builder, cancellationToken));
    }

    /// <summary>Adds <paramref name="tier"/>'s rows with times (raw) or buckets in [from, to), grouped into the query's buckets, to the builder.</summary>
    private static async Task ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, HistoryQuery query, HistoryTier tier,
        DateTimeOffset from, DateTimeOffset to, SeriesBuilder builder, CancellationToken cancellationToken)
    {
        var time = PostgresHistorySql.TimeOf(tier);
        var sql = $"""
            SELECT entity, date_bin(@step, {time}, @origin), {PostgresHistorySql.Aggregates(tier)}
            FROM {PostgresHistorySql.TableOf(tier)} WHERE entity = ANY(@entities) AND metric = @metric AND {time} >= @from AND {time} < @to GROUP BY 1, 2;
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("step", query.Step);
        command.Parameters.AddWithValue("origin", query.From.UtcDateTime);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.AddWithValue("entities", query.Entities.Distinct(StringComparer.Ordinal).ToArray());
        command.Parameters.AddWithValue("metric", query.Metric);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            builder.AddRollup(reader.GetString(0), Utc(reader.GetDateTime(1)), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.GetInt64(5), Utc(reader.GetDateTime(6)), reader.GetDouble(7));
        }
    }

    /// <summary>How far each rollup tier has been rolled up, by the tier's stored name (absent: nothing yet).</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> WatermarksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT tier, rolled_until FROM turtle_history_rollup_state;", connection, transaction);
        var watermarks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            watermarks[reader.GetString(0)] = Utc(reader.GetDateTime(1));
        }

        return watermarks;
    }

    public async Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(
            "SELECT time, value, labels::text FROM turtle_history_raw WHERE entity = @entity AND metric = @metric AND time >= @from AND time < @to ORDER BY time LIMIT @limit;");
        command.Parameters.AddWithValue("entity", entity);
        command.Parameters.AddWithValue("metric", metric);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        var samples = new List<Sample>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var labels = reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2));
            samples.Add(new Sample(entity, metric, Utc(reader.GetDateTime(0)), reader.GetDouble(1), labels));
        }

        return samples;
    }

    public async Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Partitions ahead: today and the next two days, so writes rarely wait on DDL.
        var today = PostgresHistoryPartitions.DayOf(now);
        await _partitions.EnsureAsync(connection, [today, today.AddDays(1), today.AddDays(2)], cancellationToken);
        if (await new PostgresHistoryRollup(connection, _options).RunAsync(now, cancellationToken))
        {
            // Marks the new rollup pages all-visible, so queries read the covering keys by index-only scans; the
            // tables only grow at their end, so this touches just the pages written since the last pass.
            var tables = string.Join(", ", HistoryTiers.Rollups.Select(r => PostgresHistorySql.TableOf(r.Tier)));
            await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {tables};", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        await _partitions.DropBeforeAsync(connection, now - _options.RawRetention, cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
