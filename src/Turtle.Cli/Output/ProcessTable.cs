using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>A host's processes, busiest first (<c>processes</c>).</summary>
public static class ProcessTable
{
    public static Table Render(string host, IReadOnlyList<ProcessTwin> processes)
    {
        var table = new Table().Title(Markup.Escape($"Processes of {host}")).AddColumns("PID", "Name", "User", "State", "CPU", "RSS", "Threads", "FDs", "Started", "Command");
        foreach (var p in processes)
        {
            table.AddRow(
                Cells.Plain(p.Pid.ToString()), Cells.Plain(p.Name), Cells.Plain(p.User), Cells.Plain(p.Exited ? $"exited {p.ExitCode}".TrimEnd() : p.State),
                Cells.Plain(Cells.Percent(p.CpuPercent)), Cells.Plain(Cells.Bytes(p.RssBytes)), Cells.Plain(Cells.Number(p.Threads)),
                Cells.Plain(Cells.Number(p.Fds)), Cells.Plain(Cells.Time(p.StartTime)), Cells.Plain(p.Command));
        }

        return table;
    }
}
