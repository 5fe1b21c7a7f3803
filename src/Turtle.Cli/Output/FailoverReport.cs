using Spectre.Console;
using Spectre.Console.Rendering;
using Turtle.Cli.Api;
using Turtle.Twin.Failover;

namespace Turtle.Cli.Output;

/// <summary>
/// <c>failover status</c> for people: the phase and epoch, this silo's right to write, each DC's health with the verdict
/// of every vantage point (a DC × vantage matrix), and the newest decisions.
/// </summary>
public static class FailoverReport
{
    /// <summary>How many decisions the table shows (the API keeps more; <c>--format json</c> has them all).</summary>
    public const int Decisions = 10;

    public static IEnumerable<IRenderable> Render(FailoverView view, DateTimeOffset now)
    {
        var status = view.Status;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "Phase", new Markup($"[{PhaseColour(status.Phase)}]{status.Phase}[/]" + Markup.Escape(
            $" (epoch {status.Epoch}{(Since(status.PhaseSince) is { } since ? $", since {Cells.Time(since)}, {Cells.Ago(since, now)}" : "")})")));
        Row(grid, "Failover", view.Enabled ? Cells.Plain("enabled") : new Markup("[grey]disabled on this cluster: the phase stays Normal (Turtle__Failover__Enabled)[/]"));
        Row(grid, "Failed DC", Cells.Plain(status.FailedDc));
        Row(grid, "Promoted DC", Cells.Plain(status.PromotedDc));
        Row(grid, "This silo", ThisSilo(view.ThisSilo));
        Row(grid, "Takes writes", Cells.Plain(view.ActiveGateways.Count == 0 ? "no silo known to this one"
            : string.Join(", ", view.ActiveGateways.Select(g => $"{g.Silo} ({g.Dc}{(g.Gateway is null ? "" : ", gateway " + g.Gateway)})"))));
        if (view.Warning is { Length: > 0 } warning)
        {
            Row(grid, "Warning", new Markup($"[yellow]{Markup.Escape(warning)}[/]"));
        }

        yield return grid;
        yield return status.Dcs.Count == 0
            ? new Markup("[grey]No DC health judged yet (none while failover is disabled).[/]\n")
            : DcHealthTable(status.Dcs, now);
        if (status.Decisions.Count > 0)
        {
            yield return DecisionTable(status.Decisions);
        }
    }

    /// <summary>One row per DC, one column per vantage point: <c>Sees 0.8s</c> is what that DC's silo last reported, and how long ago.</summary>
    public static Table DcHealthTable(IReadOnlyList<DcHealth> dcs, DateTimeOffset now)
    {
        var vantages = dcs.SelectMany(d => d.Vantages.Select(v => v.From)).Concat(dcs.Select(d => d.Dc)).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().Title("DC health (2 of 3 vantage points must lose a DC for it to be Down)").AddColumns("DC", "State", "Since");
        foreach (var vantage in vantages)
        {
            table.AddColumn($"Seen from {vantage}");
        }

        foreach (var dc in dcs)
        {
            var row = new List<IRenderable> { Cells.Plain(dc.Dc), new Markup($"[{StateColour(dc.State)}]{dc.State}[/]"), Cells.Plain(Since(dc.Since) is { } since ? Cells.Ago(since, now) : Cells.None) };
            foreach (var vantage in vantages)
            {
                row.Add(dc.Vantages.FirstOrDefault(v => v.From == vantage) is { } view ? Verdict(view, view.From == dc.Dc) : Cells.Plain(Cells.None));
            }

            table.AddRow(row);
        }

        return table;
    }

    public static Table DecisionTable(IReadOnlyList<FailoverDecision> decisions)
    {
        var newest = decisions.TakeLast(Decisions).ToList();
        var table = new Table().Title(newest.Count < decisions.Count ? $"Decisions (newest {newest.Count} of {decisions.Count})" : "Decisions")
            .AddColumns("Time", "Epoch", "Phase", "Decision", "Evidence");
        foreach (var decision in newest)
        {
            table.AddRow(Cells.Plain(Cells.Time(decision.Time)), Cells.Plain(decision.Epoch.ToString()), Cells.Plain(Change(decision)),
                Cells.Plain(decision.Decision), Cells.Plain(decision.Evidence));
        }

        return table;
    }

    /// <summary><c>Normal → DcDown</c>.</summary>
    public static string Change(FailoverDecision decision) => decision.From == decision.To ? decision.To.ToString() : $"{decision.From} → {decision.To}";

    /// <summary>The API sends <see cref="DateTimeOffset.MinValue"/> for "never".</summary>
    public static DateTimeOffset? Since(DateTimeOffset time) => time.Year <= 1 ? null : time;

    private static Markup ThisSilo(SiloWriteView silo)
    {
        var role = $"{silo.Dc}, {(silo.Observer ? "observer" : "active")}";
        return silo.CanWrite
            ? new Markup($"{Markup.Escape(role)}, [green]takes writes[/]")
            : new Markup($"{Markup.Escape(role)}, [yellow]read-only[/]{Markup.Escape(silo.Reason is { Length: > 0 } reason ? ": " + reason : "")}");
    }

    private static Markup Verdict(VantageView view, bool self)
    {
        var age = view.ReportAgeSeconds is { } seconds ? $" {Cells.Number(seconds, "0.0")}s" : "";
        var colour = view.Verdict switch
        {
            VantageVerdict.Sees => "green",
            VantageVerdict.Lost => "red",
            _ => "grey",
        };
        return new Markup($"[{colour}]{view.Verdict}[/]{Markup.Escape(age + (self ? " (self)" : ""))}");
    }

    private static void Row(Grid grid, string label, IRenderable value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), value);

    private static string PhaseColour(FailoverPhase phase) => phase switch
    {
        FailoverPhase.Normal => "green",
        FailoverPhase.Recovering or FailoverPhase.Returning => "yellow",
        _ => "red",
    };

    private static string StateColour(DcHealthState state) => state switch
    {
        DcHealthState.Up => "green",
        DcHealthState.Degraded => "yellow",
        DcHealthState.SuspectedPartition => "magenta",
        _ => "red",
    };
}
