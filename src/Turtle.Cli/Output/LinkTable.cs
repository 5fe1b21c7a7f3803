using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>Network links by key (<c>links</c>).</summary>
public static class LinkTable
{
    public static Table Render(IReadOnlyList<LinkTwin> links, DateTimeOffset now)
    {
        var table = new Table().AddColumns("Link", "From", "To", "Status", "RTT ms", "Jitter ms", "Loss", "Target", "Last seen");
        foreach (var link in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            table.AddRow(
                Cells.Plain(link.Key), Cells.Plain(link.From), Cells.Plain(link.To), Cells.Status(link.Status),
                Cells.Plain(Cells.Number(link.RttMs)), Cells.Plain(Cells.Number(link.JitterMs)), Cells.Plain(Cells.Percent(link.LossPercent)),
                Cells.Plain(link.Target), Cells.Plain(Cells.Ago(link.LastSeen, now)));
        }

        return table;
    }
}
