using Turtle.Actors.Runtime.Storage;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Sqlite;

/// <summary>
/// Grain storage in one SQLite file (table <c>grain_state</c>, state as JSON text). Etags are row versions; every
/// write and clear presents the silo's <see cref="IStorageEpoch"/> and is refused, changing nothing, when the etag
/// is stale (<see cref="InconsistentStateException"/>), or the record carries a higher epoch or the file's cluster fence
/// (<see cref="IStorageFence"/>, table <c>storage_fence</c>) is higher (<see cref="StaleEpochException"/>). Several instances, in one process or in several silos, may share the file. Writes are group-committed: those
/// arriving while a transaction commits share the next one, so a busy silo pays one fsync per batch, not per write.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IStorageFence, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly IStorageEpoch _epoch;
    private readonly JsonSerializerOptions _json;
    private readonly GroupCommitQueue<GrainWrite, long> _writes;

    public SqliteGrainStorage(SqliteStorageOptions options, IStorageEpoch epoch, ILogger<SqliteGrainStorage>? logger = null, JsonSerializerOptions? jsonOptions = null)
    {
        _database = new SqliteDatabase(options, logger ?? NullLogger<SqliteGrainStorage>.Instance);
        _epoch = epoch;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
        _writes = new GroupCommitQueue<GrainWrite, long>(CommitBatchAsync);
    }

    /// <summary>The database file's absolute path.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>Creates the file and applies pending schema migrations (idempotent). Operations also do this on first use.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _database.InitializeAsync(cancellationToken);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await GrainStateCommands.ReadAsync(connection, stateName, grainId, cancellationToken);
        if (row is { Payload: { } payload } found)
        {
            GrainStateRecord.Found(grainState, JsonSerializer.Deserialize<TState>(payload, _json)!, found.Version);
        }
        else
        {
            GrainStateRecord.Missing(grainState);
        }
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.Serialize(grainState.State, _json);
        var version = await CommitAsync(stateName, grainId, grainState.ETag, payload, cancellationToken);
        GrainStateRecord.Written(grainState, version);
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await CommitAsync(stateName, grainId, grainState.ETag, payload: null, cancellationToken);
        GrainStateRecord.Missing(grainState);
    }

    /// <remarks>
    /// One write statement, so it takes SQLite's write lock: it waits for a batch in progress to commit, and the next
    /// batch sees the raised fence. After it returns no write below the fence commits.
    /// </remarks>
    public async Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await GrainStateCommands.RaiseFenceAsync(connection, epoch, cancellationToken);
    }

    public async Task<long> ReadFenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await GrainStateCommands.ReadFenceAsync(connection, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        _database.ReleaseConnections();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Queues the compare-and-swap of the row; returns the new version or throws the exception naming the rule that failed.</summary>
    private async Task<long> CommitAsync(string stateName, GrainId grainId, string? etag, string? payload, CancellationToken cancellationToken)
    {
        await _database.InitializeAsync(cancellationToken);
        return await _writes.SubmitAsync(new GrainWrite(stateName, grainId, etag, payload, _epoch.Current));
    }

    /// <summary>One transaction for the batch; each write succeeds or is refused on its own, and all complete after the commit.</summary>
    private async Task CommitBatchAsync(IReadOnlyList<GroupCommitQueue<GrainWrite, long>.PendingWrite> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var outcomes = new (long Version, Exception? Refusal)[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = await CompareAndSwapAsync(connection, transaction, batch[i].Write, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Refusal is { } refusal)
            {
                batch[i].Fail(refusal);
            }
            else
            {
                batch[i].Succeed(outcomes[i].Version);
            }
        }
    }

    private static async Task<(long Version, Exception? Refusal)> CompareAndSwapAsync(SqliteConnection connection, SqliteTransaction transaction, GrainWrite write, CancellationToken cancellationToken)
    {
        var (stateName, grainId, etag, payload, epoch) = write;
        long? version = etag is null
            ? await GrainStateCommands.InsertAsync(connection, transaction, stateName, grainId, payload, epoch, cancellationToken)
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
                ? await GrainStateCommands.UpdateAsync(connection, transaction, stateName, grainId, expected, payload, epoch, cancellationToken)
                : null;
        if (version is { } committed)
        {
            return (committed, null);
        }

        // Refused: read the fence and the row, in the same transaction the write ran in, to say which rule failed.
        // Epochs first (the fence, then the record's): a fenced-off side must not just re-read and retry.
        var fence = await GrainStateCommands.ReadFenceAsync(connection, cancellationToken, transaction);
        if (epoch < fence)
        {
            return (0, StaleEpochException.BelowFence(stateName, grainId, fence, epoch));
        }

        var row = await GrainStateCommands.ReadAsync(connection, stateName, grainId, cancellationToken, transaction);
        if (row is { } stored && stored.Epoch > epoch)
        {
            return (0, new StaleEpochException(stateName, grainId, stored.Epoch, epoch));
        }

        return (0, InconsistentStateException.EtagMismatch(stateName, grainId, row is { Payload: not null } live ? GrainStateRecord.Etag(live.Version) : null, etag));
    }

    /// <summary>One queued write: null payload clears.</summary>
    private sealed record GrainWrite(string StateName, GrainId GrainId, string? Etag, string? Payload, long Epoch);
}
