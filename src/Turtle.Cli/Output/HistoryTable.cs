using Spectre.Console;
using Turtle.Actors.History;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>One series' points for people (<c>history</c>): a table per series, titled with the tier it came from.</summary>
public static class HistoryTable
{
    public static Table Render(HistorySeries series)
    {
        var table = new Table()
            .Title(Markup.Escape($"{series.Entity} {series.Metric} ({series.Tier} tier, {series.Points.Count} point{(series.Points.Count == 1 ? "" : "s")})"))
            .AddColumns("Time", "Min", "Max", "Avg", "Last", "Samples");
        foreach (var point in series.Points)
        {
            table.AddRow(Cells.Time(point.Time), Cells.Number(point.Min, "0.###"), Cells.Number(point.Max, "0.###"),
                Cells.Number(point.Avg, "0.###"), Cells.Number(point.Last, "0.###"), point.Count.ToString());
        }

        return table;
    }
}
