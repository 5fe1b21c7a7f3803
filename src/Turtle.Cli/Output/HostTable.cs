using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>Hosts, worst health first, as the API orders them (<c>hosts</c>).</summary>
public static class HostTable
{
    public static Table Render(IReadOnlyList<HostSummary> hosts, DateTimeOffset now)
    {
        var table = new Table().AddColumns("Host", "Health", "CPU", "Memory", "Load 1m", "Fullest filesystem", "Last seen");
        foreach (var host in hosts)
        {
            var fs = host.WorstFilesystem is { } worst ? $"{worst.Mount} {Cells.Percent(worst.UsedPercent)}" : Cells.None;
            table.AddRow(
                Cells.Plain(host.Key), Cells.Health(host.Health), Cells.Plain(Cells.Percent(host.CpuPercent)),
                Cells.Plain(Cells.Percent(host.MemoryUsedPercent)), Cells.Plain(Cells.Number(host.Load1)), Cells.Plain(fs),
                Cells.Plain(Cells.Ago(host.LastSeen, now)));
        }

        return table;
    }
}
