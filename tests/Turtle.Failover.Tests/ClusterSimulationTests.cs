using System.Diagnostics;
using Turtle.Failover.Tests.Cluster;
using Turtle.Failover.Tests.Simulation;
using Xunit.Abstractions;

namespace Turtle.Failover.Tests;

/// <summary>
/// The randomized suite on a real in-process cluster of three DCs (five silos, the fault-injecting transport, manual
/// clocks): <c>TURTLE_SIM_SCHEDULES</c> seeded schedules (3 by default; a larger run is
/// <c>TURTLE_SIM_SCHEDULES=50 dotnet test tests/Turtle.Failover.Tests -c Release --filter ClusterSimulation</c>),
/// starting at <c>TURTLE_SIM_FIRST_SEED</c> (1), each <c>TURTLE_SIM_SECONDS</c> of true time long (60; at most 120),
/// zero violations of any invariant. <c>TURTLE_SIM_SEED=n</c> replays one seed and prints its schedule and trace.
/// </summary>
[Collection(nameof(ClusterSimulationTests))]
public class ClusterSimulationTests(ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var n) ? n : fallback;

    private static TimeSpan Length => TimeSpan.FromSeconds(Math.Clamp(Setting("TURTLE_SIM_SECONDS", 60), 10, (int)Schedule.Length.TotalSeconds));

    [Fact]
    public async Task Seeded_random_schedules_on_a_real_cluster_break_no_invariant()
    {
        if (Environment.GetEnvironmentVariable("TURTLE_SIM_SEED") is not null)
        {
            return;
        }

        var first = Setting("TURTLE_SIM_FIRST_SEED", 1);
        var watch = Stopwatch.StartNew();
        var results = new List<SimResult>();
        for (var seed = first; seed < first + Setting("TURTLE_SIM_SCHEDULES", 3); seed++)
        {
            var result = await ClusterRun.RunAsync(seed, Length);
            results.Add(result);
            output.WriteLine($"seed {seed} ({result.Schedule.Kind}): {result.Stats.Acked} writes acknowledged, {result.Promotions} promotions, {result.Violations.Count} violations, {watch.Elapsed.TotalSeconds:0} s so far");
        }

        output.WriteLine(SimSummary.Table(results, watch.Elapsed, $"Cluster simulation ({Length.TotalSeconds:0} s of true time each)"));
        var violations = results.SelectMany(r => r.Violations).ToList();
        foreach (var violation in violations.Take(50))
        {
            output.WriteLine(violation.ToString());
        }

        Assert.True(results.Sum(r => r.Stats.Acked) > 0, "no write was acknowledged in any schedule: the harness tested nothing");
        Assert.True(violations.Count == 0,
            $"{violations.Count} violations; replay one with TURTLE_SIM_SEED=<seed>: {string.Join("; ", violations.Take(10))}");
    }

    [Fact]
    public async Task Replay_one_seed()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("TURTLE_SIM_SEED"), out var seed))
        {
            return;
        }

        var result = await ClusterRun.RunAsync(seed, Length);
        output.WriteLine($"seed {seed}: {result.Schedule.Kind}, {result.Stats.Acked} acknowledged, failover time {result.FailoverTime?.TotalSeconds.ToString("0.0") ?? "-"}");
        result.Schedule.Faults.OrderBy(f => f.At).ToList().ForEach(f => output.WriteLine($"  fault {f}"));
        PairFault.Make(seed, result.Schedule).ToList().ForEach(f => output.WriteLine($"  fault {f}"));
        result.Trace.ForEach(output.WriteLine);
        result.Violations.ToList().ForEach(v => output.WriteLine(v.ToString()));
        Assert.Empty(result.Violations);
    }
}

/// <summary>The cluster simulation runs alone: the model simulation's CPU-bound schedules beside it would only blur the steps' quiescence.</summary>
[CollectionDefinition(nameof(ClusterSimulationTests), DisableParallelization = true)]
public sealed class ClusterSimulationCollection;

