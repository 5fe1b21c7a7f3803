using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>DCs with their host counts by health (<c>dcs</c>, <c>status</c>).</summary>
public static class DcTable
{
    public static Table Render(IReadOnlyList<DcOverview> dcs, DateTimeOffset now)
    {
        var table = new Table().Title("DCs").AddColumns("DC", "Status", "Hosts", "Ok", "Warning", "Critical", "Lost contact", "Unknown", "Avg CPU", "Avg memory", "Links", "Last seen");
        foreach (var dc in dcs.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Cells.Plain(dc.Name), Cells.Status(dc.Status), Cells.Plain(dc.HostCount.ToString()),
                Count(dc, HealthStatus.Ok), Count(dc, HealthStatus.Warning), Count(dc, HealthStatus.Critical),
                Count(dc, HealthStatus.LostContact), Count(dc, HealthStatus.Unknown),
                Cells.Plain(Cells.Percent(dc.AvgCpuPercent)), Cells.Plain(Cells.Percent(dc.AvgMemoryUsedPercent)),
                Cells.Plain(dc.LinkCount.ToString()), Cells.Plain(Cells.Ago(dc.LastSeen, now)));
        }

        return table;
    }

    private static Markup Count(DcOverview dc, HealthStatus health) => Cells.Plain(dc.HealthCounts.GetValueOrDefault(health).ToString());
}
