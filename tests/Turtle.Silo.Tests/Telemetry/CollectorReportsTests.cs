using Turtle.Silo.Telemetry;
using Turtle.Twin.Observations;

namespace Turtle.Silo.Tests.Telemetry;

public class CollectorReportsTests
{
    [Fact]
    public void Keeps_the_latest_report_per_collector_and_forgets_the_longest_silent_past_the_cap()
    {
        var reports = new CollectorReports(TimeProvider.System);
        for (var i = 0; i <= CollectorReports.MaxCollectors; i++)
        {
            reports.Record(new Observation { Collector = $"c{i}", Seq = 1, Dc = "dc1", Host = $"h{i}", Self = new CollectorHealth(1, 1, BufferedBatches: i) });
        }

        Assert.InRange(reports.Count, 1, CollectorReports.MaxCollectors);
        reports.Record(new Observation { Collector = "c-last", Seq = 1, Dc = "dc1", Host = "h", Self = new CollectorHealth(1, 1, BufferedBatches: 5) });
        reports.Record(new Observation { Collector = "c-last", Seq = 2, Dc = "dc1", Host = "h", Self = new CollectorHealth(1, 1, BufferedBatches: 3) });
        reports.Record(new Observation { Collector = "c-none", Seq = 1, Dc = "dc1", Host = "h" }); // no self report: nothing kept

        var depths = reports.Observe(r => r.BufferedBatches).ToList();
        Assert.Equal(3, Assert.Single(depths, m => m.Tags.ToArray().Contains(new("collector", "c-last"))).Value);
        Assert.DoesNotContain(depths, m => m.Tags.ToArray().Contains(new("collector", "c-none")));
    }
}
