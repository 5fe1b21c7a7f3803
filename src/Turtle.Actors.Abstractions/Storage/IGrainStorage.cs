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
public interface IGrainStorage
{
    /// <summary>Loads the record into <paramref name="grainState"/>; when none exists sets a new state, a null etag and <c>RecordExists = false</c>.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the state if the stored etag equals <see cref="IGrainState{TState}.ETag"/> (null: no record may exist),
    /// then sets the new etag. Otherwise throws <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record under the same etag rule as <see cref="WriteStateAsync{TState}"/>.</summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);
}
