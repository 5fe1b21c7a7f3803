namespace Turtle.Actors.History;

/// <summary>
/// Points of one <paramref name="Metric"/> for each of <paramref name="Entities"/> over [<paramref name="From"/>,
/// <paramref name="To"/>), one per <paramref name="Step"/>-long bucket starting at <paramref name="From"/>.
/// </summary>
public sealed record HistoryQuery(IReadOnlyList<string> Entities, string Metric, DateTimeOffset From, DateTimeOffset To, TimeSpan Step)
{
    /// <summary>Throws when the query cannot be answered (no entity, empty range, non-positive step, too many buckets).</summary>
    public void Validate()
    {
        if (Entities is null || Entities.Count == 0 || Entities.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A history query needs at least one entity, and no empty one.", nameof(Entities));
        }

        ArgumentException.ThrowIfNullOrEmpty(Metric);
        if (To <= From)
        {
            throw new ArgumentException($"A history query's range must not be empty, but From is {From:O} and To is {To:O}.", nameof(To));
        }

        if (Step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Step), Step, "A history query's step must be positive.");
        }

        // A bound on the answer's size: a dashboard wants hundreds of points, not millions.
        if ((To - From).Ticks / Step.Ticks > MaxBuckets)
        {
            throw new ArgumentOutOfRangeException(nameof(Step), Step, $"A history query may ask for at most {MaxBuckets} buckets per entity.");
        }
    }

    /// <summary>The most buckets one query may ask for per entity.</summary>
    public const int MaxBuckets = 100_000;

    /// <summary>The start of the bucket <paramref name="time"/> falls in.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset time) => From + TimeSpan.FromTicks((time - From).Ticks / Step.Ticks * Step.Ticks);
}
