using Spectre.Console;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary><c>replication</c> for people: whether the silo answers from replicas, how many it holds, and their lag.</summary>
public static class ReplicationReport
{
    public static Grid Render(ReplicationView view, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "Replicas", view.Enabled
            ? new Markup("[green]kept[/]: this silo answers reads from its own read-only replicas")
            : new Markup("[grey]none[/]: this silo reads the twins themselves (observer silos keep replicas)"));
        if (view.Replicas is { } counts)
        {
            Row(grid, "Held", Cells.Plain($"{counts.Dcs} DCs, {counts.Hosts} hosts, {counts.Processes} processes, {counts.Links} links"));
        }

        var lag = view.Lag;
        Row(grid, "Lag", Cells.Plain(lag.Changes == 0
            ? Cells.None + " (no change applied yet)"
            : $"p50 {Ms(lag.P50Ms)}, p99 {Ms(lag.P99Ms)}, max {Ms(lag.MaxMs)} over the last {lag.Changes} changes"));
        Row(grid, "Changes applied", Cells.Plain(view.ChangesApplied.ToString()));
        Row(grid, "Last applied", Cells.Plain(When(view.LastApplied, now)));
        Row(grid, "Last full sync", Cells.Plain(When(view.LastFullSync, now)));
        return grid;
    }

    private static string Ms(double? value) => value is null ? Cells.None : Cells.Number(value, "0.0") + " ms";

    private static string When(DateTimeOffset? time, DateTimeOffset now) => time is null ? Cells.None : $"{Cells.Time(time)} ({Cells.Ago(time, now)})";

    private static void Row(Grid grid, string label, Markup value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), value);
}
