namespace Turtle.Actors.Storage;

/// <summary>A grain's state as storage providers see it: the value, its etag and whether a record exists.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>
/// The storage contract every provider (memory, SQLite, PostgreSQL) implements and the shared
/// conformance suite checks. One record per (state name, grain id).
/// </summary>
/// <remarks>
/// Every write and clear presents the silo's <see cref="IStorageEpoch.Current"/> and succeeds only if all three rules
/// hold: the presented epoch is not below the store's cluster fence (<see cref="IStorageFence"/>), the stored epoch
/// is not higher than the presented one, and the presented etag equals the stored one. The three are checked
/// atomically with the write (one statement, or one lock), so a fence raised concurrently either precedes the write's
/// commit and refuses it, or follows it. A success stores the presented epoch on the record; a failure changes nothing.
/// The epochs are checked first (the fence before the record's): a fenced-off side gets <see cref="StaleEpochException"/>
/// (retrying cannot help) rather than <see cref="InconsistentStateException"/>. A clear keeps the record's epoch (and
/// its version, so etags are never reused), which is why a cleared record still fences stale writers while reading
/// as absent. Every provider also implements <see cref="IStorageFence"/>.
/// </remarks>
public interface IGrainStorage
{
    /// <summary>Loads the record into <paramref name="grainState"/>; when none exists sets a new state, a null etag and <c>RecordExists = false</c>.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the state if the stored etag equals <see cref="IGrainState{TState}.ETag"/> (null: no record may exist)
    /// and neither the stored epoch nor the cluster fence is higher than the silo's current epoch, then sets the new etag. Otherwise throws
    /// <see cref="StaleEpochException"/> or <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record under the same etag, epoch and fence rules as <see cref="WriteStateAsync{TState}"/>.</summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);
}
