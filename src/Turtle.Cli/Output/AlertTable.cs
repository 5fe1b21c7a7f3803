using Spectre.Console;
using Spectre.Console.Rendering;
using Turtle.Twin.Alerts;

namespace Turtle.Cli.Output;

/// <summary>Alerts for people (<c>alerts</c>): a summary line, then one table row per alert, grouped per host as the API orders them.</summary>
public static class AlertTable
{
    public static IEnumerable<IRenderable> Render(AlertsView view, string asked, DateTimeOffset now)
    {
        var c = view.Counts;
        yield return new Markup(Markup.Escape($"{c.Firing} firing ({c.Critical} critical, {c.Warning} warning, {c.Info} info), {c.Pending} pending, {c.Resolved} recently resolved") + Environment.NewLine);
        if (view.Hosts.Count == 0)
        {
            // "No firing alerts.", "No resolved alerts."; for --state all (or active) just "No alerts.".
            var which = asked is "all" or "active" ? "" : asked + " ";
            yield return new Markup(Markup.Escape($"No {which}alerts.") + Environment.NewLine);
            yield break;
        }

        var table = new Table().AddColumns("Host", "Severity", "State", "Rule", "Instance", "Value", "Threshold", "Since");
        foreach (var host in view.Hosts)
        {
            foreach (var alert in host.Alerts)
            {
                table.AddRow(
                    Cells.Plain(host.Host), Severity(alert.Severity), Cells.Plain(alert.State.ToString()), Cells.Plain(alert.Rule),
                    Cells.Plain(alert.Instance ?? Cells.None), Cells.Plain(Cells.Number(alert.Value)), Cells.Plain(Threshold(alert)),
                    Cells.Plain(Since(alert, now)));
            }
        }

        yield return table;
    }

    /// <summary><c>&gt; 90 (clears ≤ 85)</c>.</summary>
    public static string Threshold(HostAlert alert) => alert.Comparison == AlertComparison.Above
        ? $"> {Cells.Number(alert.Threshold)} (clears <= {Cells.Number(alert.ClearThreshold)})"
        : $"< {Cells.Number(alert.Threshold)} (clears >= {Cells.Number(alert.ClearThreshold)})";

    private static string Since(HostAlert alert, DateTimeOffset now) => alert.State switch
    {
        AlertState.Resolved => $"resolved {Cells.Ago(alert.ResolvedAt, now)}",
        AlertState.Firing => Cells.Ago(alert.FiringSince, now),
        _ => $"pending {Cells.Ago(alert.Since, now)}",
    };

    private static Markup Severity(AlertSeverity severity) => new($"[{(severity switch
    {
        AlertSeverity.Critical => "red",
        AlertSeverity.Warning => "yellow",
        _ => "blue",
    })}]{severity}[/]");
}
