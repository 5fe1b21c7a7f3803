namespace Turtle.Twin.Failover;

/// <summary>
/// The storage side of epoch fencing: what a twin write must satisfy to be accepted, besides its version (etag).
/// </summary>
/// <remarks>
/// Checking the record's epoch alone is not enough: a record that nobody has written since the promotion still carries
/// the old epoch, so a write the failed side had checked before it was cut off (or paused) lands on it unopposed. The
/// store therefore also compares the write's epoch with the current failover status's epoch, in the same statement
/// (the storage providers' <c>IStorageFence</c>, raised by the failover grain to every new epoch; in PostgreSQL the
/// fence row <c>turtle_storage_fence</c> is read FOR SHARE by each write statement).
/// A silo that has not yet followed a new epoch has its writes refused for at most a report interval.
/// </remarks>
public static class Fencing
{
    /// <summary>Whether a write presenting <paramref name="writeEpoch"/> may land on a record of <paramref name="recordEpoch"/> while the status is at <paramref name="statusEpoch"/>.</summary>
    public static bool Admits(long writeEpoch, long recordEpoch, long statusEpoch) => writeEpoch >= recordEpoch && writeEpoch >= statusEpoch;
}
