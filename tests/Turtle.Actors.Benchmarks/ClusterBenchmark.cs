using Turtle.Actors.Runtime.Placement;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// Cross-silo calls: two silos over loopback TCP, callers on silo 0 calling grains placed on silo 1 only, against
/// the raw multiplexed TCP baseline with the same callers and frame sizes.
/// </summary>
internal static class ClusterBenchmark
{
    // A call to IBenchGrain.Add: kind 1, correlation 8, grain id "bench" + a short key ~17, interface 4,
    // method 4, timeout 4, argument 4 => about 45 bytes; its response: kind 1, correlation 8, status 1, result 4.
    private const int RequestFrameSize = 45;
    private const int ResponseFrameSize = 14;

    public static async Task RunAsync(int callers, int grains, TimeSpan warmup, TimeSpan window)
    {
        Figures.Print("cluster_config_callers", callers, "callers");

        double baselineRate;
        await using (var raw = new RawTcpBaseline(ResponseFrameSize))
        {
            await raw.StartAsync();
            var result = await ThroughputRun.MeasureAsync(callers, warmup, window, (_, _) => raw.CallAsync(RequestFrameSize));
            Figures.Report("baseline_raw_tcp", result);
            baselineRate = result.OpsPerSecond;
        }

        await using var cluster = await TestCluster.StartAsync(2, new TestClusterOptions(), typeof(BenchGrain).Assembly);
        var caller = cluster.Silos[0];
        var silos = cluster.Silos.Select(s => s.Address).ToList();
        var placement = new RendezvousPlacementDirector();
        var remoteKeys = Enumerable.Range(0, grains * 4)
            .Where(k => placement.Place(new GrainId("bench", k.ToString(System.Globalization.CultureInfo.InvariantCulture)), silos) == silos[1])
            .Take(grains)
            .ToArray();
        var references = remoteKeys.Select(k => caller.GrainFactory.GetGrain<IBenchGrain>(k)).ToArray();
        foreach (var reference in references)
        {
            await reference.Add(0);
        }

        var grainResult = await ThroughputRun.MeasureAsync(callers, warmup, window,
            (callerIndex, i) => references[(int)((callerIndex + i) % references.Length)].Add(1));
        Figures.Report("cross_silo", grainResult);
        Figures.Print("cross_silo_calls_to_raw_tcp_baseline_ratio", grainResult.OpsPerSecond / baselineRate, "ratio");
    }
}
