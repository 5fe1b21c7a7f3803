namespace Turtle.Actors.Storage;

/// <summary>
/// A write or clear used an etag that no longer matches the stored record: another activation
/// (or a stale duplicate) wrote first. The grain's copy is out of date; nothing was stored.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag, Exception? innerException = null)
        : base(message, innerException)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The etag in storage (null: no record).</summary>
    public string? StoredEtag { get; }

    /// <summary>The etag the caller presented.</summary>
    public string? CurrentEtag { get; }

    public static InconsistentStateException EtagMismatch(string stateName, GrainId grainId, string? stored, string? presented) =>
        new($"Etag conflict writing state '{stateName}' of grain {grainId}: storage holds etag '{stored ?? "<none>"}' but the write presented '{presented ?? "<none>"}'. Another activation wrote first; re-read the state before writing again.",
            stored, presented);
}
