using System.Globalization;
using Microsoft.Data.Sqlite;
using Turtle.Actors.Reminders;

namespace Turtle.Actors.Sqlite.Reminders;

/// <summary>Reminders in the silo's SQLite file (the same file as its grain state), so they survive restarts.</summary>
internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, start_at_ms, period_ms, version";

    public Task InitializeAsync(CancellationToken cancellationToken = default) => database.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reminders;", _ => { }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_type = $type AND grain_key = $key;", c => AddGrain(c, grainId), cancellationToken);

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name;", c =>
        {
            AddGrain(c, grainId);
            c.Parameters.AddWithValue("$name", reminderName);
        }, cancellationToken)).SingleOrDefault();

    public async Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_type, grain_key, name, start_at_ms, period_ms, version)
            VALUES ($type, $key, $name, $start, $period, 1)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE
                SET start_at_ms = excluded.start_at_ms, period_ms = excluded.period_ms, version = reminders.version + 1
            RETURNING version;
            """;
        AddGrain(command, entry.GrainId);
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return entry with { ETag = version.ToString(CultureInfo.InvariantCulture) };
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name AND version = $version;";
        AddGrain(command, grainId);
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    private static void AddGrain(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
    }
}
