using Turtle.Actors.History;

namespace Turtle.Cli.Api;

/// <summary>One point with its series' names: a row of <c>history --format csv</c> and of <c>export</c>.</summary>
public sealed record HistoryRow(string Entity, string Metric, HistoryTier Tier, DateTimeOffset Time, double Min, double Max, double Avg, double Last, long Count)
{
    public static IEnumerable<HistoryRow> Of(HistorySeries series) =>
        series.Points.Select(p => new HistoryRow(series.Entity, series.Metric, series.Tier, p.Time, p.Min, p.Max, p.Avg, p.Last, p.Count));
}
