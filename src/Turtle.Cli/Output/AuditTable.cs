using Spectre.Console;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>Audit entries as <c>audit</c> shows them, newest first.</summary>
public static class AuditTable
{
    public static Table Render(IReadOnlyList<AuditEntryInfo> entries)
    {
        var table = new Table().Title("Audit log").AddColumns("Time", "Actor", "Action", "Target", "From", "Outcome", "Status", "Detail");
        foreach (var entry in entries)
        {
            var colour = entry.Outcome switch { "Allowed" => "green", "Denied" => "red", _ => "yellow" };
            table.AddRow(
                Cells.Plain(Cells.Time(entry.Time)), Cells.Plain(entry.Actor), Cells.Plain(entry.Action), Cells.Plain(entry.Target), Cells.Plain(entry.RemoteIp),
                new Markup($"[{colour}]{Markup.Escape(entry.Outcome)}[/]"), Cells.Plain(entry.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Cells.Plain(entry.Detail));
        }

        return table;
    }
}
