using System.Diagnostics;
using Turtle.Collector.Citizen;

namespace Turtle.Collector.Tests.Citizen;

/// <summary>Time per part of the work, read and reset.</summary>
public class CostMeterTests
{
    [Fact]
    public void Adds_up_per_part_and_a_snapshot_starts_counting_again()
    {
        var meter = new CostMeter();
        meter.Add(CostPart.Scraping, TimeSpan.FromMilliseconds(30));
        meter.Add(CostPart.Scraping, TimeSpan.FromMilliseconds(12));
        meter.Add(CostPart.BufferWrites, TimeSpan.FromMilliseconds(5));

        var first = meter.TakeSnapshot();

        Assert.Equal(Enum.GetValues<CostPart>(), first.Keys.Order());
        Assert.Equal(TimeSpan.FromMilliseconds(42), first[CostPart.Scraping]);
        Assert.Equal(TimeSpan.FromMilliseconds(5), first[CostPart.BufferWrites]);
        Assert.Equal(TimeSpan.Zero, first[CostPart.Processes]);
        Assert.All(meter.TakeSnapshot().Values, t => Assert.Equal(TimeSpan.Zero, t));
    }

    [Fact]
    public void Adding_since_a_timestamp_adds_the_time_since()
    {
        var meter = new CostMeter();
        var started = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // a second ago

        meter.AddSince(CostPart.RequestBodies, started);

        Assert.InRange(meter.TakeSnapshot()[CostPart.RequestBodies], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Adds_from_many_threads_lose_nothing()
    {
        var meter = new CostMeter();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                meter.Add(CostPart.HostMetrics, TimeSpan.FromTicks(1));
            }
        })));

        Assert.Equal(TimeSpan.FromTicks(40_000), meter.TakeSnapshot()[CostPart.HostMetrics]);
    }

    [Theory]
    [InlineData(CostPart.HostMetrics, "reading host metrics")]
    [InlineData(CostPart.Processes, "sampling processes")]
    [InlineData(CostPart.Scraping, "scraping node_exporter targets")]
    [InlineData(CostPart.BufferWrites, "writing batches to the buffer")]
    [InlineData(CostPart.RequestBodies, "building request bodies")]
    public void The_costliest_part_comes_with_its_advice(CostPart part, string advice)
    {
        var costs = Enum.GetValues<CostPart>().ToDictionary(p => p, p => TimeSpan.FromMilliseconds(p == part ? 300 : 100));

        var costliest = new BudgetVerdict(10, 1, true, false, costs).Costliest();

        Assert.StartsWith(advice, costliest, StringComparison.Ordinal);
        Assert.EndsWith("(300 ms of 700 ms measured)", costliest, StringComparison.Ordinal);
    }
}
