using Turtle.Actors.Storage;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>One holder's copy of a record, as a grain's <c>IPersistentState</c> would hold it.</summary>
public sealed class GrainStateCopy<T> : IGrainState<T> where T : new()
{
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
