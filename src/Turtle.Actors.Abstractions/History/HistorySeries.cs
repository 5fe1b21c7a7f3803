namespace Turtle.Actors.History;

/// <summary>
/// One step bucket of a series. <paramref name="Last"/> is the value at the latest time in the bucket (the greatest
/// such value when several samples share that time, so every provider answers the same).
/// </summary>
public sealed record HistoryPoint(DateTimeOffset Time, double Min, double Max, double Avg, double Last, long Count);

/// <summary>
/// The points of one entity's metric, oldest first; buckets without samples are left out. <paramref name="Tier"/>
/// names the tier they were read from.
/// </summary>
public sealed record HistorySeries(string Entity, string Metric, HistoryTier Tier, IReadOnlyList<HistoryPoint> Points);
