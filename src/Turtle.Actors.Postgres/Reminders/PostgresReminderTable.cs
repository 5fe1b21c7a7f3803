using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Reminders;
using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Postgres.Reminders;

/// <summary>A cluster's reminders in PostgreSQL; every silo reads them and fires the ones it owns.</summary>
internal sealed class PostgresReminderTable(NpgsqlDataSource dataSource, string clusterId, ILogger logger) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, version";

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(PostgresReminderTable).Assembly, "Turtle.Actors.Postgres.Migrations.Reminders.");

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        new PostgresMigrationRunner(dataSource, "reminders", Migrations, logger).RunAsync(cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM turtle_reminders WHERE cluster_id = @cluster;", _ => { }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM turtle_reminders WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key;",
            c => AddGrain(c, grainId), cancellationToken);

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM turtle_reminders WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key AND name = @name;", c =>
        {
            AddGrain(c, grainId);
            c.Parameters.AddWithValue("name", reminderName);
        }, cancellationToken)).SingleOrDefault();

    public async Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO turtle_reminders (cluster_id, grain_type, grain_key, name, start_at, period_ms, version)
            VALUES (@cluster, @type, @key, @name, @start, @period, 1)
            ON CONFLICT (cluster_id, grain_type, grain_key, name) DO UPDATE
                SET start_at = excluded.start_at, period_ms = excluded.period_ms, version = turtle_reminders.version + 1
            RETURNING version;
            """);
        command.Parameters.AddWithValue("cluster", clusterId);
        AddGrain(command, entry.GrainId);
        command.Parameters.AddWithValue("name", entry.ReminderName);
        command.Parameters.AddWithValue("start", entry.StartAt.ToUniversalTime());
        command.Parameters.AddWithValue("period", (long)entry.Period.TotalMilliseconds);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return entry with { ETag = version.ToString(CultureInfo.InvariantCulture) };
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var command = dataSource.CreateCommand(
            "DELETE FROM turtle_reminders WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key AND name = @name AND version = @version;");
        command.Parameters.AddWithValue("cluster", clusterId);
        AddGrain(command, grainId);
        command.Parameters.AddWithValue("name", reminderName);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("cluster", clusterId);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    private static void AddGrain(NpgsqlCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("type", grainId.Type);
        command.Parameters.AddWithValue("key", grainId.Key);
    }
}
