using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// The records and cluster fence behind <see cref="MemoryGrainStorage"/>: one in-memory "database". Each silo's
/// <see cref="MemoryGrainStorage"/> normally has one of its own; an in-process cluster can give several silos views
/// of one store (each presenting its own epoch), as real silos share one PostgreSQL. One lock covers the fence and
/// the records, so a raise and a write never interleave.
/// </summary>
public sealed class MemoryGrainStore
{
    // Payload null marks a cleared record: it reads as absent but keeps its version (etags are never reused)
    // and its epoch (a clear still fences stale writers), as the durable providers' rows do.
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[]? Payload, long Version, long Epoch)> _records = new();
    private readonly Lock _lock = new();
    private long _fence;

    /// <summary>
    /// Called for every accepted write and clear, under the store's lock, in commit order (a test harness checks
    /// what was accepted against what it knew at that instant). Null by default.
    /// </summary>
    public Action<MemoryCommit>? Committed { get; set; }

    /// <summary>The stored payload (JSON), version and epoch of a record; payload null when absent or cleared.</summary>
    public (byte[]? Payload, long Version, long Epoch) Read(string stateName, GrainId grainId)
    {
        lock (_lock)
        {
            _records.TryGetValue((stateName, grainId), out var record);
            return record;
        }
    }

    public long RaiseFence(long epoch)
    {
        lock (_lock)
        {
            _fence = Math.Max(_fence, epoch);
            return _fence;
        }
    }

    public long Fence
    {
        get
        {
            lock (_lock)
            {
                return _fence;
            }
        }
    }

    /// <summary>Stores <paramref name="payload"/> (null: cleared) if the fence, epoch and etag rules hold; returns the new version.</summary>
    public long Commit(string stateName, GrainId grainId, string? presentedEtag, byte[]? payload, long epoch)
    {
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
            Committed?.Invoke(new MemoryCommit(stateName, grainId, payload, version, epoch, stored.Epoch, _fence));
            return version;
        }
    }
}

/// <summary>One accepted write (payload null: a clear): the epoch it presented, the record's epoch before, and the fence then.</summary>
public sealed record MemoryCommit(string StateName, GrainId GrainId, byte[]? Payload, long Version, long Epoch, long RecordEpochBefore, long Fence);
