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
/// stale (<see cref="InconsistentStateException"/>) or the record carries a higher epoch (<see cref="StaleEpochException"/>).
/// </summary>
/// <remarks>
/// jsonb cannot hold the character U+0000 in a string, so state containing it fails to write (PostgreSQL error 22P05).
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    /// <summary>The component name of these tables in <c>turtle_schema_version</c>.</summary>
    internal const string SchemaComponent = "grain_storage";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IStorageEpoch _epoch;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public PostgresGrainStorage(PostgresStorageOptions options, IStorageEpoch epoch, ILogger<PostgresGrainStorage>? logger = null, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _epoch = epoch;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
        _logger = logger ?? NullLogger<PostgresGrainStorage>.Instance;
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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Compare-and-swap of the row; returns the new version or throws the exception naming the rule that failed.</summary>
    private async Task<long> CommitAsync(string stateName, GrainId grainId, string? etag, string? payload, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var epoch = _epoch.Current;
        long? version = etag is null
            ? await GrainStateCommands.InsertAsync(_dataSource, stateName, grainId, payload, epoch, cancellationToken)
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
                ? await GrainStateCommands.UpdateAsync(_dataSource, stateName, grainId, expected, payload, epoch, cancellationToken)
                : null;
        if (version is { } committed)
        {
            return committed;
        }

        // Refused: read the row to say which rule failed. Epoch first: a fenced-off side must not just re-read and retry.
        var row = await GrainStateCommands.ReadAsync(_dataSource, stateName, grainId, cancellationToken);
        if (row is { } stored && stored.Epoch > epoch)
        {
            throw new StaleEpochException(stateName, grainId, stored.Epoch, epoch);
        }

        throw InconsistentStateException.EtagMismatch(stateName, grainId, row is { Payload: not null } live ? GrainStateRecord.Etag(live.Version) : null, etag);
    }

}
