using System.Diagnostics;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// Failure detection with the default membership timings: kill a silo silently (transport and membership chores
/// stop, as in kill -9), and time until every survivor's view says Dead. Repeated, replacing each victim.
/// </summary>
internal static class DetectionBenchmark
{
    public static async Task RunAsync(int kills)
    {
        await using var cluster = await TestCluster.StartAsync(4, new TestClusterOptions
        {
            // The benchmark measures the defaults, not the test cluster's faster table refresh.
            Configuration = { ["Turtle:Membership:TableRefreshInterval"] = "00:00:01" },
        }, typeof(BenchGrain).Assembly);
        var times = new List<double>();
        for (var i = 0; i < kills; i++)
        {
            var victim = cluster.Silos[^1];
            var clock = Stopwatch.StartNew();
            await cluster.KillSiloAsync(victim, declareDead: false);
            var deadline = TimeSpan.FromSeconds(60);
            while (!cluster.Silos.All(s => s.Membership.IsDead(victim.Address)) && clock.Elapsed < deadline)
            {
                await Task.Delay(10);
            }

            times.Add(clock.Elapsed.TotalSeconds);
            await cluster.StartSiloAsync();
            await cluster.WaitForMembershipToSettleAsync();
        }

        times.Sort();
        Figures.Print("failure_detection_kills", kills, "kills");
        Figures.Print("failure_detection_min", times[0], "s");
        Figures.Print("failure_detection_median", times[times.Count / 2], "s");
        Figures.Print("failure_detection_max", times[^1], "s");
    }
}
