namespace Turtle.Actors.Storage;

/// <summary>
/// A write or clear presented an epoch lower than the one stored on the record: the record was written under a
/// newer authority (after a failover), so this side is fenced off. Nothing was stored. Unlike an etag conflict,
/// re-reading and retrying does not help until this silo learns the new epoch.
/// </summary>
public sealed class StaleEpochException : Exception
{
    public StaleEpochException(string stateName, GrainId grainId, long storedEpoch, long presentedEpoch)
        : base($"Stale epoch writing state '{stateName}' of grain {grainId}: the record was written under epoch {storedEpoch}, " +
               $"but this write presented epoch {presentedEpoch}. A newer authority owns this grain's state (failover); this side is fenced off and stored nothing.")
    {
        StateName = stateName;
        GrainId = grainId;
        StoredEpoch = storedEpoch;
        PresentedEpoch = presentedEpoch;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The epoch on the stored record.</summary>
    public long StoredEpoch { get; }

    /// <summary>The epoch the write presented (lower than <see cref="StoredEpoch"/>).</summary>
    public long PresentedEpoch { get; }
}
