namespace Turtle.Actors.Storage;

/// <summary>
/// The cluster's current epoch, presented by every grain-state write and clear. Each change of authority (for
/// example promoting the observer datacenter after a failover) raises the epoch. Storage refuses, with
/// <see cref="StaleEpochException"/>, a write whose epoch is lower than the one stored on the record or lower than
/// the store's cluster fence (<see cref="IStorageFence"/>): that is how a partitioned or paused old side is fenced off
/// and cannot overwrite state under the new authority.
/// </summary>
/// <remarks>
/// The value must never decrease in a silo's lifetime. A silo registers a default that is always 0 (no failover
/// has happened); the failover machinery replaces it. Providers read <see cref="Current"/> once per write, when the
/// write is submitted.
/// <para>
/// The record's epoch alone does not fence a record nobody has written since the failover: it still carries the old
/// epoch. The new authority therefore raises the fence to its epoch (<see cref="IStorageFence.RaiseFenceAsync"/>)
/// before it starts writing; from then on every write below that epoch is refused on every record.
/// </para>
/// </remarks>
public interface IStorageEpoch
{
    /// <summary>The epoch this silo writes under.</summary>
    long Current { get; }
}
