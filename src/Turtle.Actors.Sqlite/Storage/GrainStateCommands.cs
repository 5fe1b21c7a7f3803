using Microsoft.Data.Sqlite;

namespace Turtle.Actors.Sqlite;

/// <summary>
/// The statements behind each storage operation. Writes are compare-and-swap in one statement each: the row changes
/// only if its version equals the presented etag, its epoch is not above the presented epoch and the presented epoch
/// is not below the cluster fence (table <c>storage_fence</c>), and the statement returns the new version, so no row
/// returned means one of the rules failed and nothing changed. SQLite has one writer at a time: the batch's
/// transaction (BEGIN IMMEDIATE) holds the write lock from before its first statement to its commit, and raising the
/// fence is a write, so a raise lands entirely before or entirely after a batch, never between a check and a write.
/// </summary>
internal static class GrainStateCommands
{
    private const string Key = "state_name = $state_name AND grain_type = $grain_type AND grain_key = $grain_key";
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    private const string ReadSql = $"SELECT payload, version, epoch FROM grain_state WHERE {Key};";

    private const string Fence = "(SELECT epoch FROM storage_fence)";

    private const string ReadFenceSql = $"SELECT {Fence};";

    private const string RaiseFenceSql = "UPDATE storage_fence SET epoch = max(epoch, $epoch) RETURNING epoch;";

    // Etag null: no live record may exist. A cleared row (payload NULL) counts as none, but its epoch still fences
    // and its version carries on, so an etag handed out before the clear can never match again. INSERT … SELECT …
    // WHERE proposes no row at all below the fence, so neither the insert nor the conflict update happens (the WHERE
    // also keeps SQLite from parsing ON CONFLICT as a join constraint).
    private const string InsertSql = $"""
        INSERT INTO grain_state (state_name, grain_type, grain_key, payload, version, epoch, modified_at)
        SELECT $state_name, $grain_type, $grain_key, $payload, 1, $epoch, {Now}
            WHERE $epoch >= {Fence}
        ON CONFLICT (state_name, grain_type, grain_key) DO UPDATE
            SET payload = excluded.payload, version = grain_state.version + 1, epoch = excluded.epoch, modified_at = excluded.modified_at
            WHERE grain_state.payload IS NULL AND grain_state.epoch <= excluded.epoch
        RETURNING version;
        """;

    private const string UpdateSql = $"""
        UPDATE grain_state
            SET payload = $payload, version = version + 1, epoch = $epoch, modified_at = {Now}
            WHERE {Key} AND version = $version AND payload IS NOT NULL AND epoch <= $epoch AND $epoch >= {Fence}
        RETURNING version;
        """;

    /// <summary>The stored row: payload (null when absent or cleared), version and epoch; or null when there is no row.</summary>
    public static async Task<(string? Payload, long Version, long Epoch)?> ReadAsync(
        SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = Command(connection, transaction, ReadSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The cluster fence, read in <paramref name="transaction"/> when given.</summary>
    public static async Task<long> ReadFenceAsync(SqliteConnection connection, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadFenceSql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Raises the fence to <paramref name="epoch"/> if it is lower, in one write statement; returns the fence afterwards.</summary>
    public static async Task<long> RaiseFenceAsync(SqliteConnection connection, long epoch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = RaiseFenceSql;
        command.Parameters.AddWithValue("$epoch", epoch);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Stores <paramref name="payload"/> (null: clear) where no live record exists; returns the new version, or null if refused.</summary>
    public static Task<long?> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string stateName, GrainId grainId, string? payload, long epoch, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, InsertSql, stateName, grainId);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$epoch", epoch);
        return ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Stores <paramref name="payload"/> (null: clear) over version <paramref name="version"/>; returns the new version, or null if refused.</summary>
    public static Task<long?> UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, string stateName, GrainId grainId, long version, string? payload, long epoch, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, UpdateSql, stateName, grainId);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$epoch", epoch);
        command.Parameters.AddWithValue("$version", version);
        return ExecuteAsync(command, cancellationToken);
    }

    private static async Task<long?> ExecuteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state_name", stateName);
        command.Parameters.AddWithValue("$grain_type", grainId.Type);
        command.Parameters.AddWithValue("$grain_key", grainId.Key);
        return command;
    }
}
