using System.Globalization;
using System.Text.Json;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and throw-away silos. It keeps serialized copies (so a grain
/// never shares objects with storage) and enforces etags exactly as the durable providers do.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[] Payload, long Version)> _records = new();
    private readonly Lock _lock = new();
    private readonly JsonSerializerOptions _json;

    public MemoryGrainStorage(JsonSerializerOptions? jsonOptions = null) => _json = jsonOptions ?? JsonSerializerOptions.Default;

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        (byte[] Payload, long Version) record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        grainState.State = found ? JsonSerializer.Deserialize<TState>(record.Payload, _json)! : Activator.CreateInstance<TState>();
        grainState.ETag = found ? Etag(record.Version) : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _json);
        long version;
        lock (_lock)
        {
            var key = (stateName, grainId);
            var stored = CheckEtag(key, stateName, grainId, grainState.ETag);
            version = (stored ?? 0) + 1;
            _records[key] = (payload, version);
        }

        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = (stateName, grainId);
            CheckEtag(key, stateName, grainId, grainState.ETag);
            _records.Remove(key);
        }

        grainState.State = Activator.CreateInstance<TState>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Returns the stored version, or throws when the presented etag does not match it.</summary>
    private long? CheckEtag((string, GrainId) key, string stateName, GrainId grainId, string? presented)
    {
        long? stored = _records.TryGetValue(key, out var record) ? record.Version : null;
        var storedEtag = stored is { } v ? Etag(v) : null;
        if (!string.Equals(storedEtag, presented, StringComparison.Ordinal))
        {
            throw InconsistentStateException.EtagMismatch(stateName, grainId, storedEtag, presented);
        }

        return stored;
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
