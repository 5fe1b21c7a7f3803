using System.Diagnostics;
using Turtle.Failover.Tests.Simulation;
using Xunit.Abstractions;

namespace Turtle.Failover.Tests;

/// <summary>
/// The randomized failover suite: <c>TURTLE_FAILOVER_SCHEDULES</c> seeded schedules (200 by default; the full run is
/// <c>TURTLE_FAILOVER_SCHEDULES=1000 dotnet test tests/Turtle.Failover.Tests</c>), zero violations of any invariant.
/// <c>TURTLE_FAILOVER_SEED=n</c> replays one seed and prints its schedule and every decision taken.
/// </summary>
public class FailoverSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Seeded_random_schedules_break_no_invariant()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FAILOVER_SCHEDULES"), out var n) ? n : 200;
        var watch = Stopwatch.StartNew();
        var results = Enumerable.Range(1, count).Select(SimSummary.Run).ToList();
        output.WriteLine(SimSummary.Table(results, watch.Elapsed));

        var violations = results.SelectMany(r => r.Violations).ToList();
        foreach (var violation in violations.Take(50))
        {
            output.WriteLine(violation.ToString());
        }

        Assert.True(violations.Count == 0,
            $"{violations.Count} violations; replay one with TURTLE_FAILOVER_SEED=<seed>: {string.Join("; ", violations.Take(10))}");
    }

    [Fact]
    public void A_seed_replays_the_same_run()
    {
        var (first, second) = (SimSummary.Run(42), SimSummary.Run(42));

        Assert.Equal(first.Stats.Acked, second.Stats.Acked);
        Assert.Equal(first.Stats.Refused, second.Stats.Refused);
        Assert.Equal(first.FailoverTime, second.FailoverTime);
        Assert.Equal(first.Violations.Select(v => v.ToString()), second.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void Replay_one_seed()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FAILOVER_SEED"), out var seed))
        {
            return;
        }

        var result = SimSummary.Run(seed);
        output.WriteLine($"seed {seed}: {result.Schedule.Kind}");
        result.Schedule.Faults.OrderBy(f => f.At).ToList().ForEach(f => output.WriteLine($"  fault {f}"));
        result.Trace.ForEach(output.WriteLine);
        result.Violations.ToList().ForEach(v => output.WriteLine(v.ToString()));
    }
}
