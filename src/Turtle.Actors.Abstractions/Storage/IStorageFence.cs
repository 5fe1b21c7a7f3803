namespace Turtle.Actors.Storage;

/// <summary>
/// The cluster-wide epoch fence of one grain store (one database shared by every silo that uses it). Once the fence
/// is at <c>F</c>, every write and clear presenting an epoch below <c>F</c> is refused with
/// <see cref="StaleEpochException"/> (<see cref="StaleEpochCause.ClusterFence"/>), whatever epoch its record carries.
/// Implemented by every <see cref="IGrainStorage"/> provider and registered beside it under the same name.
/// </summary>
/// <remarks>
/// Per-record epochs alone fence only records written since a failover: a record nobody wrote under the new epoch
/// still carries the old one, so a write the old side had already checked lands on it unopposed. The authority that
/// raises the epoch therefore raises the fence first; once <see cref="RaiseFenceAsync"/> has returned, no write below
/// the fence commits, including writes already in flight: providers check the fence in the same statement (or
/// under the same lock) as the write's etag and epoch, so a write either committed before the raise or is refused.
/// The fence never decreases. A new store starts at 0.
/// </remarks>
public interface IStorageFence
{
    /// <summary>
    /// Raises the fence to <paramref name="epoch"/> if it is lower; returns the fence afterwards (the higher of the two).
    /// Raising to a lower or equal value changes nothing. Returns only after every write that could still commit under
    /// the old fence has committed or been refused.
    /// </summary>
    Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default);

    /// <summary>The current fence.</summary>
    Task<long> ReadFenceAsync(CancellationToken cancellationToken = default);
}
