using Npgsql;
using NpgsqlTypes;

namespace Turtle.Actors.Postgres;

/// <summary>
/// The statements behind each storage operation. Writes are compare-and-swap in one statement each: the row changes
/// only if its version equals the presented etag, its epoch is not above the presented epoch and the presented epoch
/// is not below the cluster fence (table <c>turtle_storage_fence</c>), and the statement returns the new version, so
/// no row returned means one of the rules failed and nothing changed. Under READ COMMITTED a concurrent writer waits
/// for the row lock and then re-checks the WHERE clause on the committed row, so of many writers holding the same
/// etag exactly one wins.
/// </summary>
/// <remarks>
/// Why a concurrent raise of the fence (<see cref="RaiseFenceAsync"/>) cannot slip between a write's fence check and its commit: the write
/// reads the fence <c>FOR SHARE</c>, which takes a ROW SHARE lock on the fence table when the statement starts and a
/// share lock on the fence row, both held until the write's transaction (the whole group-commit batch) ends. The raise
/// first takes the table in EXCLUSIVE mode, which conflicts with ROW SHARE: it waits until every batch in flight has
/// committed or rolled back, and batches that start meanwhile queue behind it (the lock manager queues them in order,
/// so a steady stream of writes cannot starve a raise, as share row locks alone could). Then it updates the row and
/// commits. A write therefore either commits before the raise takes its lock, or starts after the raise committed and
/// reads the raised fence. (Even a write that had read the row before would be refused: locking a row updated since
/// makes READ COMMITTED follow it to the committed version; and the share row lock alone already stops the raise's
/// UPDATE until the write commits.) Each statement of a batch checks the fence on its own, so a write below the fence
/// returns no row and fails alone while the others of its batch land.
/// </remarks>
internal static class GrainStateCommands
{
    private const string Key = "state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key";

    private const string ReadSql = $"SELECT payload, version, epoch FROM turtle_grain_state WHERE {Key};";

    /// <summary>The fence as a write reads it: locked in share mode until the write's transaction ends.</summary>
    private const string LockedFence = "(SELECT epoch FROM turtle_storage_fence FOR SHARE)";

    private const string ReadFenceSql = "SELECT epoch FROM turtle_storage_fence;";

    // Run in one transaction, the table lock first; see the remarks above.
    private const string LockFenceSql = "LOCK TABLE turtle_storage_fence IN EXCLUSIVE MODE;";

    private const string RaiseFenceSql = "UPDATE turtle_storage_fence SET epoch = GREATEST(epoch, @epoch) RETURNING epoch;";

    // Etag null: no live record may exist. A new key inserts; a conflicting row is taken over only if it is a cleared
    // row (payload NULL) from this epoch or an older one; its version carries on, so an etag handed out before the clear
    // never matches again. (ON CONFLICT DO NOTHING would leave cleared rows unusable; DO UPDATE … WHERE keeps one statement.)
    // INSERT … SELECT … WHERE proposes no row at all below the fence, so neither the insert nor the conflict update runs.
    private const string InsertSql = $"""
        INSERT INTO turtle_grain_state AS s (state_name, grain_type, grain_key, payload, version, epoch, modified_at)
        SELECT @state_name, @grain_type, @grain_key, @payload, 1, @epoch, now()
            WHERE @epoch >= {LockedFence}
        ON CONFLICT (state_name, grain_type, grain_key) DO UPDATE
            SET payload = EXCLUDED.payload, version = s.version + 1, epoch = EXCLUDED.epoch, modified_at = EXCLUDED.modified_at
            WHERE s.payload IS NULL AND s.epoch <= EXCLUDED.epoch
        RETURNING version;
        """;

    private const string UpdateSql = $"""
        UPDATE turtle_grain_state
            SET payload = @payload, version = version + 1, epoch = @epoch, modified_at = now()
            WHERE {Key} AND version = @version AND payload IS NOT NULL AND epoch <= @epoch AND @epoch >= {LockedFence}
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

    /// <summary>The cluster fence (an unlocked read: what it was when the statement began).</summary>
    public static async Task<long> ReadFenceAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadFenceSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Raises the fence to <paramref name="epoch"/> if it is lower; returns the fence afterwards, once committed.</summary>
    public static async Task<long> RaiseFenceAsync(NpgsqlDataSource dataSource, long epoch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockTable = new NpgsqlCommand(LockFenceSql, connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(RaiseFenceSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("epoch", epoch));
        var fence = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return fence;
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
