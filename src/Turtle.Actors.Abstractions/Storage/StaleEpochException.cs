namespace Turtle.Actors.Storage;

/// <summary>What refused a write with <see cref="StaleEpochException"/>.</summary>
public enum StaleEpochCause
{
    /// <summary>The record was written under a higher epoch than the write presented.</summary>
    Record,

    /// <summary>The write presented an epoch below the store's cluster fence (<see cref="IStorageFence"/>).</summary>
    ClusterFence,
}

/// <summary>
/// A write or clear presented an epoch lower than the store requires: either the record was written under a newer
/// authority (<see cref="StaleEpochCause.Record"/>) or the cluster fence has been raised past it
/// (<see cref="StaleEpochCause.ClusterFence"/>), so this side is fenced off. Nothing was stored. Unlike an etag
/// conflict, re-reading and retrying does not help until this silo learns the new epoch.
/// </summary>
public sealed class StaleEpochException : Exception
{
    /// <summary>A write refused by the record's epoch.</summary>
    public StaleEpochException(string stateName, GrainId grainId, long storedEpoch, long presentedEpoch)
        : this(stateName, grainId, storedEpoch, presentedEpoch, StaleEpochCause.Record)
    {
    }

    /// <summary>A write refused by <paramref name="cause"/>; <paramref name="storedEpoch"/> is the record's epoch or the fence.</summary>
    public StaleEpochException(string stateName, GrainId grainId, long storedEpoch, long presentedEpoch, StaleEpochCause cause)
        : base(Describe(stateName, grainId, storedEpoch, presentedEpoch, cause))
    {
        StateName = stateName;
        GrainId = grainId;
        StoredEpoch = storedEpoch;
        PresentedEpoch = presentedEpoch;
        Cause = cause;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>
    /// The epoch in storage that refused the write: the record's epoch (<see cref="StaleEpochCause.Record"/>) or the
    /// cluster fence (<see cref="StaleEpochCause.ClusterFence"/>). Higher than <see cref="PresentedEpoch"/>.
    /// </summary>
    public long StoredEpoch { get; }

    /// <summary>The epoch the write presented (lower than <see cref="StoredEpoch"/>).</summary>
    public long PresentedEpoch { get; }

    /// <summary>Which rule refused the write.</summary>
    public StaleEpochCause Cause { get; }

    /// <summary>A write refused because <paramref name="presentedEpoch"/> is below the cluster fence <paramref name="fence"/>.</summary>
    public static StaleEpochException BelowFence(string stateName, GrainId grainId, long fence, long presentedEpoch) =>
        new(stateName, grainId, fence, presentedEpoch, StaleEpochCause.ClusterFence);

    private static string Describe(string stateName, GrainId grainId, long storedEpoch, long presentedEpoch, StaleEpochCause cause) => cause switch
    {
        StaleEpochCause.ClusterFence =>
            $"Stale epoch writing state '{stateName}' of grain {grainId}: the cluster fence is at epoch {storedEpoch}, " +
            $"but this write presented epoch {presentedEpoch}. A newer authority has taken over (failover); this side is fenced off and stored nothing.",
        _ =>
            $"Stale epoch writing state '{stateName}' of grain {grainId}: the record was written under epoch {storedEpoch}, " +
            $"but this write presented epoch {presentedEpoch}. A newer authority owns this grain's state (failover); this side is fenced off and stored nothing.",
    };
}
