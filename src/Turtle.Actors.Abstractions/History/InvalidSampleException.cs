namespace Turtle.Actors.History;

/// <summary>
/// A batch held a sample the history store refuses (NaN, infinity, a time outside the accepted window, an empty or
/// oversize name, too many or oversize labels). Nothing of the batch was stored.
/// </summary>
public sealed class InvalidSampleException : ArgumentException
{
    public InvalidSampleException(int index, string field, string reason)
        : base($"Sample {index} of the batch is rejected: {field} {reason}. Nothing of the batch was stored.", field)
    {
        Index = index;
        Field = field;
    }

    /// <summary>The sample's position in the batch.</summary>
    public int Index { get; }

    /// <summary>The offending field: Entity, Metric, Time, Value or Labels.</summary>
    public string Field { get; }
}
