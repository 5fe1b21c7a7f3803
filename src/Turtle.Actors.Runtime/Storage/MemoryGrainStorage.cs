using System.Text.Json;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and throw-away silos. It keeps serialized copies (so a grain
/// never shares objects with storage) and enforces etags, epochs and the cluster fence exactly as the durable
/// providers do. Its fence is the instance's own (memory storage is one silo's store): one lock covers the fence and
/// the records, so a raise and a write never interleave.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage, IStorageFence
{
    // Payload null marks a cleared record: it reads as absent but keeps its version (etags are never reused)
    // and its epoch (a clear still fences stale writers), as the durable providers' rows do.
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[]? Payload, long Version, long Epoch)> _records = new();
    private readonly Lock _lock = new();
    private readonly JsonSerializerOptions _json;
    private readonly IStorageEpoch _epoch;
    private long _fence;

    public MemoryGrainStorage(JsonSerializerOptions? jsonOptions = null)
        : this(FixedStorageEpoch.Zero, jsonOptions)
    {
    }

    public MemoryGrainStorage(IStorageEpoch epoch, JsonSerializerOptions? jsonOptions = null)
    {
        _epoch = epoch;
        _json = jsonOptions ?? JsonSerializerOptions.Default;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        (byte[]? Payload, long Version, long Epoch) record;
        lock (_lock)
        {
            _records.TryGetValue((stateName, grainId), out record);
        }

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
        var version = Commit(stateName, grainId, grainState.ETag, JsonSerializer.SerializeToUtf8Bytes(grainState.State, _json));
        GrainStateRecord.Written(grainState, version);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        Commit(stateName, grainId, grainState.ETag, payload: null);
        GrainStateRecord.Missing(grainState);
        return Task.CompletedTask;
    }

    public Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _fence = Math.Max(_fence, epoch);
            return Task.FromResult(_fence);
        }
    }

    public Task<long> ReadFenceAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_fence);
        }
    }

    /// <summary>Stores <paramref name="payload"/> (null: cleared) if the fence, epoch and etag rules hold; returns the new version.</summary>
    private long Commit(string stateName, GrainId grainId, string? presentedEtag, byte[]? payload)
    {
        var epoch = _epoch.Current;
        lock (_lock)
        {
            if (epoch < _fence)
            {
                throw StaleEpochException.BelowFence(stateName, grainId, _fence, epoch);
            }

            var key = (stateName, grainId);
            var exists = _records.TryGetValue(key, out var stored);
            if (exists && stored.Epoch > epoch)
            {
                throw new StaleEpochException(stateName, grainId, stored.Epoch, epoch);
            }

            var storedEtag = exists && stored.Payload is not null ? GrainStateRecord.Etag(stored.Version) : null;
            if (!string.Equals(storedEtag, presentedEtag, StringComparison.Ordinal))
            {
                throw InconsistentStateException.EtagMismatch(stateName, grainId, storedEtag, presentedEtag);
            }

            var version = stored.Version + 1;
            _records[key] = (payload, version, epoch);
            return version;
        }
    }
}
