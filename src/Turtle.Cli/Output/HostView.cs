using Spectre.Console;
using Spectre.Console.Rendering;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>One host's twin for people (<c>host</c>): facts and latest figures, then findings, filesystems and processes.</summary>
public static class HostView
{
    public static IEnumerable<IRenderable> Render(HostTwin host, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "Host", Cells.Plain(host.Key));
        Row(grid, "Health", Cells.Health(host.Health));
        Row(grid, "Last seen", Cells.Plain($"{Cells.Time(host.LastSeen)} ({Cells.Ago(host.LastSeen, now)}, every {Cells.Number(host.Interval)} s)"));
        Row(grid, "First seen", Cells.Plain(Cells.Time(host.FirstSeen)));
        if (host.Facts is { } facts)
        {
            Row(grid, "OS", Cells.Plain(Join(facts.Os, facts.Kernel, facts.Arch)));
            Row(grid, "CPU model", Cells.Plain(Join(facts.CpuModel, facts.CpuCount is { } n ? $"{n} CPUs" : null)));
            Row(grid, "Memory size", Cells.Plain(Cells.Bytes(facts.MemoryBytes)));
            Row(grid, "Booted", Cells.Plain(Cells.Time(facts.BootTime)));
        }

        var metrics = host.Metrics;
        Row(grid, "CPU", Cells.Plain(Cells.Percent(metrics?.Cpu?.Percent)));
        Row(grid, "Memory used", Cells.Plain(metrics?.Memory is { } memory
            ? $"{Cells.Percent(memory.UsedPercent)} of {Cells.Bytes(memory.TotalBytes)}"
            : Cells.None));
        Row(grid, "Load", Cells.Plain(metrics?.Load is { } load ? $"{Cells.Number(load.Avg1)} {Cells.Number(load.Avg5)} {Cells.Number(load.Avg15)}" : Cells.None));
        Row(grid, "Processes", Cells.Plain(host.Processes.Count.ToString()));
        Row(grid, "Links", Cells.Plain(host.Links.Count == 0 ? Cells.None : string.Join(", ", host.Links)));
        if (host.Collector is { } collector)
        {
            Row(grid, "Collector", Cells.Plain($"{Join(collector.Version)} CPU {Cells.Percent(collector.CpuPercent)}, RSS {Cells.Bytes(collector.RssBytes)}, " +
                                               $"{collector.BufferedBatches} batches buffered, {collector.DroppedBatches} dropped"));
        }

        yield return grid;

        if (host.Findings.Count > 0)
        {
            var findings = new Table().Title("Findings").AddColumns("Metric", "Level", "Value", "Threshold");
            foreach (var finding in host.Findings)
            {
                findings.AddRow(Cells.Plain(finding.Metric), Cells.Health(finding.Level), Cells.Plain(Cells.Number(finding.Value)), Cells.Plain(Cells.Number(finding.Threshold)));
            }

            yield return findings;
        }

        if (metrics?.Filesystems is { Count: > 0 } filesystems)
        {
            var table = new Table().Title("Filesystems").AddColumns("Mount", "Used", "Size", "Used %", "Inodes used");
            foreach (var fs in filesystems)
            {
                table.AddRow(Cells.Plain(fs.Mount), Cells.Plain(Cells.Bytes(fs.UsedBytes)), Cells.Plain(Cells.Bytes(fs.SizeBytes)),
                    Cells.Plain(Cells.Percent(fs.UsedPercent)), Cells.Plain(Cells.Percent(fs.InodesUsedPercent)));
            }

            yield return table;
        }
    }

    private static void Row(Grid grid, string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), value);

    private static string Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return present.Count == 0 ? Cells.None : string.Join(", ", present);
    }
}
