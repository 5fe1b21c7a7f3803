using Turtle.Actors.Testing;

namespace Turtle.Actors.Benchmarks;

/// <summary>Local grain calls (one silo, many callers, many grains) against a Channel&lt;T&gt; request/response baseline.</summary>
internal static class LocalBenchmark
{
    public static async Task RunAsync(int callers, int grains, TimeSpan warmup, TimeSpan window)
    {
        Figures.Print("local_config_callers", callers, "callers");

        // Baseline first: same callers, same number of targets, a Channel<T> hand-off per call.
        double channelRate;
        await using (var baseline = new ChannelBaseline(grains))
        {
            var result = await ThroughputRun.MeasureAsync(callers, warmup, window,
                (caller, i) => baseline.CallAsync((int)((caller + i) % grains), 1));
            Figures.Report("baseline_channel", result);
            channelRate = result.OpsPerSecond;
        }

        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { UseManualClock = false }, typeof(BenchGrain).Assembly);
        var references = Enumerable.Range(0, grains).Select(k => silo.GrainFactory.GetGrain<IBenchGrain>(k)).ToArray();
        foreach (var reference in references)
        {
            await reference.Add(0);
        }

        var grainResult = await ThroughputRun.MeasureAsync(callers, warmup, window,
            (caller, i) => references[(int)((caller + i) % grains)].Add(1));
        Figures.Report("local_grain", grainResult);
        Figures.Print("local_grain_calls_to_channel_baseline_ratio", grainResult.OpsPerSecond / channelRate, "ratio");

        // One hot grain: every caller on the same activation (the mailbox under contention).
        var hot = references[0];
        Figures.Report("local_grain_single_hot", await ThroughputRun.MeasureAsync(callers, warmup, window, (_, _) => hot.Add(1)));
    }
}
