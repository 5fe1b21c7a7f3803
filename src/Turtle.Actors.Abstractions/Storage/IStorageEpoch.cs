namespace Turtle.Actors.Storage;

/// <summary>
/// The cluster's current epoch, presented by every grain-state write and clear. Each change of authority (for
/// example promoting the observer datacenter after a failover) raises the epoch, and storage refuses a write whose
/// epoch is lower than the one stored on the record with <see cref="StaleEpochException"/>: that is how a partitioned
/// old side is fenced off and cannot overwrite state written under the new authority.
/// </summary>
/// <remarks>
/// The value must never decrease in a silo's lifetime. A silo registers a default that is always 0 (no failover
/// has happened); the failover machinery replaces it. Providers read <see cref="Current"/> once per write.
/// </remarks>
public interface IStorageEpoch
{
    /// <summary>The epoch this silo writes under.</summary>
    long Current { get; }
}
