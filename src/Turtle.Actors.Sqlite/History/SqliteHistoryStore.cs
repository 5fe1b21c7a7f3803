using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using static Turtle.Actors.Runtime.History.HistoryTierPlanner;

namespace Turtle.Actors.Sqlite.History;

/// <summary>
/// History in a SQLite file of its own (<c>history.db</c> under the data directory): each batch is one transaction
/// through one prepared insert; queries scan the series index of the tier that fits the step.
/// </summary>
public sealed class SqliteHistoryStore : IHistoryStore, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;

    public SqliteHistoryStore(SqliteStorageOptions storage, HistoryOptions options, TimeProvider? time = null, ILogger<SqliteHistoryStore>? logger = null)
    {
        _database = new SqliteDatabase(storage, SqliteHistoryDatabase.Profile, logger ?? NullLogger<SqliteHistoryStore>.Instance);
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The history file's absolute path.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>Creates and migrates the file (the silo runs it at start-up; otherwise the first call does).</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _database.InitializeAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        SampleBatchValidator.Validate(samples, _options, _time.GetUtcNow());
        if (samples.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO history_raw (entity, metric, time_us, value, labels) VALUES ($entity, $metric, $time, $value, $labels);";
        var entity = insert.Parameters.Add("$entity", SqliteType.Text);
        var metric = insert.Parameters.Add("$metric", SqliteType.Text);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var labels = insert.Parameters.Add("$labels", SqliteType.Text);
        insert.Prepare();
        foreach (var sample in samples)
        {
            entity.Value = sample.Entity;
            metric.Value = sample.Metric;
            time.Value = ToUnixMicros(sample.Time);
            value.Value = sample.Value;
            labels.Value = sample.Labels is null ? DBNull.Value : JsonSerializer.Serialize(sample.Labels);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await MarkLateMinutesAsync(connection, transaction, samples, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the batch's minutes that the minute tier has already rolled up, so the next pass recomputes them (and the
    /// coarser periods holding them). The watermark is read after the inserts, under the write lock they took, so no
    /// pass can roll a minute between this check and the commit: nothing is missed, and on time batches mark nothing.
    /// </summary>
    private static async Task MarkLateMinutesAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Sample> samples, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT rolled_until_us FROM history_rollup_state WHERE tier = '{nameof(HistoryTier.Minute)}';";
        if (await command.ExecuteScalarAsync(cancellationToken) is not long minutesDone)
        {
            return; // nothing rolled up yet
        }

        command.CommandText = "INSERT OR IGNORE INTO history_late_minutes (minute_us) VALUES ($minute);";
        var minute = command.Parameters.Add("$minute", SqliteType.Integer);
        foreach (var late in samples.Select(s => ToUnixMicros(Floor(s.Time, HistoryTiers.MinuteWidth))).Where(m => m < minutesDone).Distinct())
        {
            minute.Value = late;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        await _database.InitializeAsync(cancellationToken);
        var tier = Choose(query.Step, query.From, _time.GetUtcNow(), _options);
        var entities = query.Entities.Distinct(StringComparer.Ordinal).ToArray();
        // SQLite runs a statement on one core; a fleet-wide query splits its entities over parallel readers (WAL lets
        // readers run side by side). Contiguous chunks keep the series in the order the query named them.
        var readers = entities.Length >= ParallelQueryThreshold ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1;
        var chunks = entities.Chunk((entities.Length + readers - 1) / readers).ToArray();
        var parts = await Task.WhenAll(chunks.Select(chunk => Task.Run(() => QueryEntitiesAsync(query, tier, chunk, cancellationToken), cancellationToken)));
        return parts.SelectMany(p => p).ToList();
    }

    /// <summary>Entities per query from which a query is split over several readers.</summary>
    private const int ParallelQueryThreshold = 64;

    private async Task<IReadOnlyList<HistorySeries>> QueryEntitiesAsync(HistoryQuery query, HistoryTier tier, string[] entities, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var watermarks = await WatermarksAsync(connection, cancellationToken);
        return await TierStitching.QueryAsync(query, tier,
            t => Task.FromResult<DateTimeOffset?>(watermarks.TryGetValue(t, out var until) ? until : null),
            (t, from, to, builder) => ReadAsync(connection, query, t, from, to, entities, builder, cancellationToken));
    }

    /// <summary>Adds <paramref name="tier"/>'s rows of each entity with times (raw) or buckets in [from, to) to the builder.</summary>
    private static async Task ReadAsync(SqliteConnection connection, HistoryQuery query, HistoryTier tier, DateTimeOffset from, DateTimeOffset to,
        string[] entities, SeriesBuilder builder, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = tier == HistoryTier.Raw
            ? "SELECT time_us, value FROM history_raw WHERE entity = $entity AND metric = $metric AND time_us >= $from AND time_us < $to;"
            : RollupQuery(TableOf(tier), HistoryTiers.Of(tier).Width.Ticks / 10);
        var entity = select.Parameters.Add("$entity", SqliteType.Text);
        select.Parameters.AddWithValue("$metric", query.Metric);
        select.Parameters.AddWithValue("$origin", ToUnixMicros(query.From));
        select.Parameters.AddWithValue("$from", ToUnixMicros(from));
        select.Parameters.AddWithValue("$to", ToUnixMicros(to));
        select.Parameters.AddWithValue("$step", query.Step.Ticks / 10);
        select.Prepare();
        foreach (var name in entities)
        {
            entity.Value = name;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (tier == HistoryTier.Raw)
                {
                    builder.AddSample(name, FromUnixMicros(reader.GetInt64(0)), reader.GetDouble(1));
                }
                else
                {
                    var bucket = query.From + TimeSpan.FromTicks(reader.GetInt64(0) * query.Step.Ticks);
                    builder.AddRollup(name, bucket, reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                        reader.GetInt64(4), FromUnixMicros(reader.GetInt64(5)), reader.GetDouble(6));
                }
            }
        }
    }

    /// <summary>How far each rollup tier has been rolled up (absent: nothing yet).</summary>
    private static async Task<Dictionary<HistoryTier, DateTimeOffset>> WatermarksAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tier, rolled_until_us FROM history_rollup_state;";
        var watermarks = new Dictionary<HistoryTier, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<HistoryTier>(reader.GetString(0), out var tier))
            {
                watermarks[tier] = FromUnixMicros(reader.GetInt64(1));
            }
        }

        return watermarks;
    }

    public async Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT time_us, value, labels FROM history_raw WHERE entity = $entity AND metric = $metric AND time_us >= $from AND time_us < $to ORDER BY time_us LIMIT $limit;";
        select.Parameters.AddWithValue("$entity", entity);
        select.Parameters.AddWithValue("$metric", metric);
        select.Parameters.AddWithValue("$from", ToUnixMicros(from));
        select.Parameters.AddWithValue("$to", ToUnixMicros(to));
        select.Parameters.AddWithValue("$limit", limit);
        var samples = new List<Sample>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var labels = reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2));
            samples.Add(new Sample(entity, metric, FromUnixMicros(reader.GetInt64(0)), reader.GetDouble(1), labels));
        }

        return samples;
    }

    public async Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await new SqliteHistoryRollup(connection, _options).RunAsync(now, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _database.ReleaseConnections();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// One entity's rollup rows folded into the query's steps in SQL. The last value comes from the row holding the
    /// group's latest last_time, found by its key (its bucket is that time's period): rollup rows of one series never
    /// share a last_time, so this is exact without a sort.
    /// </summary>
    private static string RollupQuery(string table, long widthMicros) => $"""
        SELECT g.i, g.mn, g.mx, g.s, g.c, r.last_time_us, r.last
        FROM (SELECT (bucket_us - $origin) / $step AS i, min(min) AS mn, max(max) AS mx, sum(sum) AS s, sum(count) AS c, max(last_time_us) AS lt
              FROM {table} WHERE entity = $entity AND metric = $metric AND bucket_us >= $from AND bucket_us < $to GROUP BY i) g
        JOIN {table} r ON r.entity = $entity AND r.metric = $metric AND r.bucket_us = g.lt - (g.lt % {widthMicros});
        """;

    internal static string TableOf(HistoryTier tier) => "history_" + HistoryTiers.NameOf(tier);

    /// <summary>A tier's time column: a raw sample's time, a rollup row's period start.</summary>
    internal static string TimeColumnOf(HistoryTier tier) => tier == HistoryTier.Raw ? "time_us" : "bucket_us";
}
