namespace Turtle.Cli.Api;

/// <summary>One entity's points of one metric, oldest first, from <c>GET /api/v1/history</c>; empty buckets are left out.</summary>
public sealed record HistorySeries(string Entity, string Metric, HistoryTier Tier, IReadOnlyList<HistoryPoint> Points);

/// <summary>One bucket: it starts at <paramref name="Time"/> and summarises <paramref name="Count"/> samples.</summary>
public sealed record HistoryPoint(DateTimeOffset Time, double Min, double Max, double Avg, double Last, long Count);

/// <summary>One point with its series' names: a row of <c>history --format csv</c> and of <c>export</c>.</summary>
public sealed record HistoryRow(string Entity, string Metric, HistoryTier Tier, DateTimeOffset Time, double Min, double Max, double Avg, double Last, long Count)
{
    public static IEnumerable<HistoryRow> Of(HistorySeries series) =>
        series.Points.Select(p => new HistoryRow(series.Entity, series.Metric, series.Tier, p.Time, p.Min, p.Max, p.Avg, p.Last, p.Count));
}
