namespace Turtle.Actors;

/// <summary>
/// A grain's durable state, injected with <see cref="PersistentStateAttribute"/> and read before
/// <see cref="Grain.OnActivateAsync"/>. Writes use optimistic concurrency: a write against a stale
/// <see cref="Etag"/> raises <see cref="Storage.InconsistentStateException"/> and changes nothing.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The version of the stored record this copy was read from or last wrote; null when none exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
