namespace Turtle.Actors.Storage;

/// <summary>
/// Whether grains on this silo may write their state now. Consulted before every <see cref="IPersistentState{TState}"/>
/// write and clear; a closed gate throws (an exception type of the host's choosing) and nothing reaches storage. A
/// silo alone registers none (always open); a cluster member registers its membership lease; a host that can lose
/// write authority (a read-only replica site, a side cut off from the majority) registers its own. Writes pass only
/// when every registered gate is open. Storage's epoch check stays the last line of defence for a write
/// that passed the gate just before it closed.
/// </summary>
public interface IGrainWriteGate
{
    /// <summary>Throws when <paramref name="grainId"/>'s state may not be written on this silo now.</summary>
    void ThrowIfClosed(GrainId grainId);
}
