using Turtle.Actors.Runtime.Storage;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Sqlite;

/// <summary>
/// Grain storage in one SQLite file (table <c>grain_state</c>, state as JSON text). Etags are row versions; every
/// write and clear presents the silo's <see cref="IStorageEpoch"/> and is refused, changing nothing, when the etag
/// is stale (<see cref="InconsistentStateException"/>) or the record carries a higher epoch (<see cref="StaleEpochException"/>).
/// Several instances, in one process or in several silos, may share the file.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly IStorageEpoch _epoch;
    private readonly JsonSerializerOptions _json;

    public SqliteGrainStorage(SqliteStorageOptions options, IStorageEpoch epoch, ILogger<SqliteGrainStorage>? logger = null, JsonSerializerOptions? jsonOptions = null)
    {
        _database = new SqliteDatabase(options, logger ?? NullLogger<SqliteGrainStorage>.Instance);
        _epoch = epoch;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
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

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _database.ReleaseConnections();

    /// <summary>Compare-and-swap of the row; returns the new version or throws the exception naming the rule that failed.</summary>
    private async Task<long> CommitAsync(string stateName, GrainId grainId, string? etag, string? payload, CancellationToken cancellationToken)
    {
        var epoch = _epoch.Current;
        await using var connection = await _database.OpenAsync(cancellationToken);
        long? version = etag is null
            ? await GrainStateCommands.InsertAsync(connection, stateName, grainId, payload, epoch, cancellationToken)
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
                ? await GrainStateCommands.UpdateAsync(connection, stateName, grainId, expected, payload, epoch, cancellationToken)
                : null;
        if (version is { } committed)
        {
            return committed;
        }

        // Refused: read the row to say which rule failed. Epoch first: a fenced-off side must not just re-read and retry.
        var row = await GrainStateCommands.ReadAsync(connection, stateName, grainId, cancellationToken);
        if (row is { } stored && stored.Epoch > epoch)
        {
            throw new StaleEpochException(stateName, grainId, stored.Epoch, epoch);
        }

        throw InconsistentStateException.EtagMismatch(stateName, grainId, row is { Payload: not null } live ? GrainStateRecord.Etag(live.Version) : null, etag);
    }

}
