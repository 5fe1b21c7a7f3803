using Turtle.Actors.Runtime.Storage;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Postgres;

/// <summary>
/// Grain storage in PostgreSQL (table <c>turtle_grain_state</c>, state as <c>jsonb</c>). Etags are row versions; every
/// write and clear presents the silo's <see cref="IStorageEpoch"/> and is refused, changing nothing, when the etag is
/// stale (<see cref="InconsistentStateException"/>), or the record carries a higher epoch or the database's cluster fence
/// (<see cref="IStorageFence"/>, table <c>turtle_storage_fence</c>, shared by every silo using the database) is higher
/// (<see cref="StaleEpochException"/>). Writes are group-committed: those arriving while a batch is in flight go together as one round trip and one
/// transaction (each still a compare-and-swap of its own row).
/// </summary>
/// <remarks>
/// jsonb cannot hold the character U+0000 in a string, so state containing it fails to write (PostgreSQL error 22P05).
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage, IStorageFence, IAsyncDisposable, IDisposable
{
    /// <summary>The component name of these tables in <c>turtle_schema_version</c>.</summary>
    internal const string SchemaComponent = "grain_storage";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IStorageEpoch _epoch;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly GroupCommitQueue<GrainWrite, long> _writes;
    private volatile bool _initialized;

    public PostgresGrainStorage(PostgresStorageOptions options, IStorageEpoch epoch, ILogger<PostgresGrainStorage>? logger = null, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _epoch = epoch;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
        _logger = logger ?? NullLogger<PostgresGrainStorage>.Instance;
        _writes = new GroupCommitQueue<GrainWrite, long>(CommitBatchAsync, maxBatch: 256);
    }

    /// <summary>Applies pending schema migrations (idempotent). Operations also do this on first use.</summary>
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
                var runner = new PostgresMigrationRunner(_dataSource, SchemaComponent, PostgresMigrationRunner.GrainStorageMigrations, _logger);
                var version = await runner.RunAsync(cancellationToken);
                var target = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
                _logger.LogInformation("PostgreSQL grain storage on {Host}:{Port}/{Database}, schema version {Version}", target.Host, target.Port, target.Database, version);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        var row = await GrainStateCommands.ReadAsync(_dataSource, stateName, grainId, cancellationToken);
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
    /// Waits for the group-commit batches in flight on every silo to end, and holds back those that start meanwhile;
    /// see <see cref="GrainStateCommands"/> for the locks. After it returns no write below the fence commits.
    /// </remarks>
    public async Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        return await GrainStateCommands.RaiseFenceAsync(_dataSource, epoch, cancellationToken);
    }

    public async Task<long> ReadFenceAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        return await GrainStateCommands.ReadFenceAsync(_dataSource, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Queues the compare-and-swap of the row; returns the new version or throws the exception naming the rule that failed.</summary>
    private async Task<long> CommitAsync(string stateName, GrainId grainId, string? etag, string? payload, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await _writes.SubmitAsync(new GrainWrite(stateName, grainId, etag, payload, _epoch.Current));
    }

    /// <summary>
    /// Sends the batch's writes in one round trip (one implicit transaction). A write refused by its own rules fails
    /// alone; if the batch errs as a whole (a payload PostgreSQL refuses), each write is retried alone so only the
    /// offending one fails.
    /// </summary>
    private async Task CommitBatchAsync(IReadOnlyList<GroupCommitQueue<GrainWrite, long>.PendingWrite> batch, CancellationToken cancellationToken)
    {
        var versions = new long?[batch.Count];
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var commands = new NpgsqlBatch(connection);
            var sent = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i].Write;
                // An etag that is no version of ours cannot match: not sent, refused below.
                if (write.Etag is null || long.TryParse(write.Etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    long? expected = write.Etag is null ? null : long.Parse(write.Etag, CultureInfo.InvariantCulture);
                    commands.BatchCommands.Add(GrainStateCommands.BatchWrite(write.StateName, write.GrainId, expected, write.Payload, write.Epoch));
                    sent.Add(i);
                }
            }

            if (sent.Count > 0)
            {
                await using var reader = await commands.ExecuteReaderAsync(cancellationToken);
                foreach (var index in sent)
                {
                    versions[index] = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
                    await reader.NextResultAsync(cancellationToken);
                }
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            foreach (var write in batch)
            {
                try
                {
                    write.Succeed(await CommitOneAsync(write.Write, cancellationToken));
                }
                catch (Exception exception)
                {
                    write.Fail(exception);
                }
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (versions[i] is { } committed)
            {
                batch[i].Succeed(committed);
            }
            else
            {
                batch[i].Fail(await RefusalAsync(batch[i].Write, cancellationToken));
            }
        }
    }

    /// <summary>One write in its own statement: the fallback when a batch fails as a whole.</summary>
    private async Task<long> CommitOneAsync(GrainWrite write, CancellationToken cancellationToken)
    {
        var (stateName, grainId, etag, payload, epoch) = write;
        long? version = etag is null
            ? await GrainStateCommands.InsertAsync(_dataSource, stateName, grainId, payload, epoch, cancellationToken)
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
                ? await GrainStateCommands.UpdateAsync(_dataSource, stateName, grainId, expected, payload, epoch, cancellationToken)
                : null;
        return version ?? throw await RefusalAsync(write, cancellationToken);
    }

    /// <summary>
    /// Reads the fence and the row to say which rule refused a write. Epochs first (the fence, then the record's): a
    /// fenced-off side must not just re-read and retry. The fence only rises, so a write the fence refused is always
    /// reported as such; one refused for its etag may be reported as fenced if a raise came in between, which is as true.
    /// </summary>
    private async Task<Exception> RefusalAsync(GrainWrite write, CancellationToken cancellationToken)
    {
        var (stateName, grainId, etag, _, epoch) = write;
        var fence = await GrainStateCommands.ReadFenceAsync(_dataSource, cancellationToken);
        if (epoch < fence)
        {
            return StaleEpochException.BelowFence(stateName, grainId, fence, epoch);
        }

        var row = await GrainStateCommands.ReadAsync(_dataSource, stateName, grainId, cancellationToken);
        if (row is { } stored && stored.Epoch > epoch)
        {
            return new StaleEpochException(stateName, grainId, stored.Epoch, epoch);
        }

        return InconsistentStateException.EtagMismatch(stateName, grainId, row is { Payload: not null } live ? GrainStateRecord.Etag(live.Version) : null, etag);
    }

    /// <summary>One queued write: null payload clears.</summary>
    private sealed record GrainWrite(string StateName, GrainId GrainId, string? Etag, string? Payload, long Epoch);
}
