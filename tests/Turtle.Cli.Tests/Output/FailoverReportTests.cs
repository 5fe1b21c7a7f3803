using Turtle.Cli.Api;
using Turtle.Cli.Output;
using Turtle.Twin.Failover;

namespace Turtle.Cli.Tests.Output;

/// <summary>
/// <c>failover status</c>'s table for a three-DC cluster mid-failover, which a single test silo cannot produce: one row
/// per DC, one column per vantage point, the decisions newest last.
/// </summary>
public sealed class FailoverReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void A_promoted_cluster_shows_each_dcs_three_verdicts_and_the_decisions()
    {
        var view = new FailoverView
        {
            Enabled = true,
            Status = new FailoverStatus
            {
                Phase = FailoverPhase.Promoted,
                Epoch = 4,
                FailedDc = "dc1",
                PromotedDc = "dc3",
                PhaseSince = Now.AddSeconds(-10),
                Dcs =
                [
                    Dc("dc1", DcHealthState.Down, ("dc1", VantageVerdict.Lost), ("dc2", VantageVerdict.Lost), ("dc3", VantageVerdict.Lost)),
                    Dc("dc2", DcHealthState.Up, ("dc1", VantageVerdict.Silent), ("dc2", VantageVerdict.Sees), ("dc3", VantageVerdict.Sees)),
                    Dc("dc3", DcHealthState.Up, ("dc1", VantageVerdict.Silent), ("dc2", VantageVerdict.Sees), ("dc3", VantageVerdict.Sees)),
                ],
                Decisions =
                [
                    new FailoverDecision(Now.AddSeconds(-16), 3, FailoverPhase.Normal, FailoverPhase.DcDown, "dc1 is down", "dc1: self lost, dc2 lost, dc3 lost"),
                    new FailoverDecision(Now.AddSeconds(-10), 4, FailoverPhase.DcDown, FailoverPhase.Promoted, "dc3 promoted", "dc1's lease ran out"),
                ],
            },
            ThisSilo = new SiloWriteView { Dc = "dc3", Observer = true, CanWrite = true },
            ActiveGateways = [new ActiveGateway { Silo = "dc2-silo", Dc = "dc2", Gateway = "127.0.0.1:30002" }],
        };

        var text = Render(view);

        Assert.Contains("Promoted (epoch 4, since 2026-12-03 12:00:20Z, 10s ago)", text);
        Assert.Matches(@"│ DC\s*│ State\s*│ Since\s*│ Seen from dc1\s*│ Seen from dc2\s*│ Seen from dc3\s*│", text);
        Assert.Matches(@"│ dc1\s*│ Down\s*│ 5s ago\s*│ Lost 1\.5s \(self\)\s*│ Lost 1\.5s\s*│ Lost 1\.5s\s*│", text);
        Assert.Matches(@"│ dc2\s*│ Up\s*│ 5s ago\s*│ Silent 1\.5s\s*│ Sees 1\.5s \(self\)\s*│ Sees 1\.5s\s*│", text);
        Assert.Contains("dc3, observer, takes writes", text);
        Assert.Contains("dc2-silo (dc2, gateway 127.0.0.1:30002)", text);
        Assert.Matches(@"│ 2026-12-03 12:00:14Z\s*│ 3\s*│ Normal → DcDown\s*│ dc1 is down\s*│ dc1: self lost, dc2 lost, dc3 lost\s*│", text);
        Assert.True(text.IndexOf("DcDown → Promoted", StringComparison.Ordinal) > text.IndexOf("Normal → DcDown", StringComparison.Ordinal), text);
    }

    [Fact]
    public void A_read_only_silo_says_why()
    {
        var view = new FailoverView { ThisSilo = new SiloWriteView { Dc = "dc3", Observer = true, CanWrite = false, Reason = "a read-only observer" } };

        Assert.Contains("dc3, observer, read-only: a read-only observer", Render(view));
    }

    private static DcHealth Dc(string dc, DcHealthState state, params (string From, VantageVerdict Verdict)[] vantages) =>
        new(dc, state, Now.AddSeconds(-5), vantages.Select(v => new VantageView(v.From, v.Verdict, $"{v.From}-silo", 1.5)).ToList());

    private static string Render(FailoverView view)
    {
        var writer = new StringWriter();
        var console = Consoles.Create(writer, redirected: true);
        foreach (var part in FailoverReport.Render(view, Now))
        {
            console.Write(part);
        }

        return writer.ToString();
    }
}
