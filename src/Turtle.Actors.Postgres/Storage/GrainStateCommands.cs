using Npgsql;
using NpgsqlTypes;

namespace Turtle.Actors.Postgres;

/// <summary>
/// The statements behind each storage operation. Writes are compare-and-swap in one statement each: the row changes
/// only if its version equals the presented etag and its epoch is not above the presented epoch, and the statement
/// returns the new version, so no row returned means one of the rules failed and nothing changed. Under READ
/// COMMITTED a concurrent writer waits for the row lock and then re-checks the WHERE clause on the committed row,
/// so of many writers holding the same etag exactly one wins.
/// </summary>
internal static class GrainStateCommands
{
    private const string Key = "state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key";

    private const string ReadSql = $"SELECT payload, version, epoch FROM turtle_grain_state WHERE {Key};";

    // Etag null: no live record may exist. A new key inserts; a conflicting row is taken over only if it is a cleared
    // row (payload NULL) from this epoch or an older one; its version carries on, so an etag handed out before the clear
    // never matches again. (ON CONFLICT DO NOTHING would leave cleared rows unusable; DO UPDATE … WHERE keeps one statement.)
    private const string InsertSql = """
        INSERT INTO turtle_grain_state AS s (state_name, grain_type, grain_key, payload, version, epoch, modified_at)
        VALUES (@state_name, @grain_type, @grain_key, @payload, 1, @epoch, now())
        ON CONFLICT (state_name, grain_type, grain_key) DO UPDATE
            SET payload = EXCLUDED.payload, version = s.version + 1, epoch = EXCLUDED.epoch, modified_at = EXCLUDED.modified_at
            WHERE s.payload IS NULL AND s.epoch <= EXCLUDED.epoch
        RETURNING version;
        """;

    private const string UpdateSql = $"""
        UPDATE turtle_grain_state
            SET payload = @payload, version = version + 1, epoch = @epoch, modified_at = now()
            WHERE {Key} AND version = @version AND payload IS NOT NULL AND epoch <= @epoch
        RETURNING version;
        """;

    /// <summary>The stored row: payload (null when cleared), version and epoch; or null when there is no row.</summary>
    public static async Task<(string? Payload, long Version, long Epoch)?> ReadAsync(
        NpgsqlDataSource dataSource, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(dataSource, ReadSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Stores <paramref name="payload"/> (null: clear) where no live record exists; returns the new version, or null if refused.</summary>
    public static Task<long?> InsertAsync(NpgsqlDataSource dataSource, string stateName, GrainId grainId, string? payload, long epoch, CancellationToken cancellationToken)
    {
        var command = Command(dataSource, InsertSql, stateName, grainId);
        AddWriteParameters(command, payload, epoch);
        return ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Stores <paramref name="payload"/> (null: clear) over version <paramref name="version"/>; returns the new version, or null if refused.</summary>
    public static Task<long?> UpdateAsync(NpgsqlDataSource dataSource, string stateName, GrainId grainId, long version, string? payload, long epoch, CancellationToken cancellationToken)
    {
        var command = Command(dataSource, UpdateSql, stateName, grainId);
        AddWriteParameters(command, payload, epoch);
        command.Parameters.Add(new NpgsqlParameter<long>("version", version));
        return ExecuteAsync(command, cancellationToken);
    }

    /// <summary>The write of <see cref="InsertAsync"/> (no version) or <see cref="UpdateAsync"/> as one command of a batch.</summary>
    public static NpgsqlBatchCommand BatchWrite(string stateName, GrainId grainId, long? version, string? payload, long epoch)
    {
        var command = new NpgsqlBatchCommand(version is null ? InsertSql : UpdateSql);
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", stateName));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", grainId.Key));
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = (object?)payload ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("epoch", epoch));
        if (version is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("version", expected));
        }

        return command;
    }

    private static void AddWriteParameters(NpgsqlCommand command, string? payload, long epoch)
    {
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = (object?)payload ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("epoch", epoch));
    }

    private static async Task<long?> ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
        }
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, string stateName, GrainId grainId)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", stateName));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", grainId.Key));
        return command;
    }
}
