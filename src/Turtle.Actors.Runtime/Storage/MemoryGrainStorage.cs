using System.Text.Json;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and throw-away silos. It keeps serialized copies (so a grain
/// never shares objects with storage) and enforces etags, epochs and the cluster fence exactly as the durable
/// providers do. Its records and fence are a <see cref="MemoryGrainStore"/>: its own (memory storage is one silo's
/// store), or one shared with other silos of an in-process cluster, each presenting its own epoch.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage, IStorageFence
{
    private readonly MemoryGrainStore _store;
    private readonly JsonSerializerOptions _json;
    private readonly IStorageEpoch _epoch;

    public MemoryGrainStorage(JsonSerializerOptions? jsonOptions = null)
        : this(FixedStorageEpoch.Zero, jsonOptions)
    {
    }

    public MemoryGrainStorage(IStorageEpoch epoch, JsonSerializerOptions? jsonOptions = null)
        : this(epoch, new MemoryGrainStore(), jsonOptions)
    {
    }

    /// <summary>A view of <paramref name="store"/> whose writes present <paramref name="epoch"/>.</summary>
    public MemoryGrainStorage(IStorageEpoch epoch, MemoryGrainStore store, JsonSerializerOptions? jsonOptions = null)
    {
        _epoch = epoch;
        _store = store;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var record = _store.Read(stateName, grainId);
        if (record.Payload is { } payload)
        {
            GrainStateRecord.Found(grainState, JsonSerializer.Deserialize<TState>(payload, _json)!, record.Version);
        }
        else
        {
            GrainStateRecord.Missing(grainState);
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var version = _store.Commit(stateName, grainId, grainState.ETag, JsonSerializer.SerializeToUtf8Bytes(grainState.State, _json), _epoch.Current);
        GrainStateRecord.Written(grainState, version);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        _store.Commit(stateName, grainId, grainState.ETag, payload: null, _epoch.Current);
        GrainStateRecord.Missing(grainState);
        return Task.CompletedTask;
    }

    public Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default) => Task.FromResult(_store.RaiseFence(epoch));

    public Task<long> ReadFenceAsync(CancellationToken cancellationToken = default) => Task.FromResult(_store.Fence);
}
