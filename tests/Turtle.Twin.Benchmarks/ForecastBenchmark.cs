using System.Diagnostics;
using Turtle.Twin.Predictions;

namespace Turtle.Twin.Benchmarks;

/// <summary>
/// The CPU cost of a host's 24-hour forecast from 14 days at 30 min (what a twin recomputes as its history grows): the
/// forecaster grid-searches Holt-Winters twice (fit, and the held-out day that measures its confidence). The baseline,
/// timed in the same run, is one pass of simple exponential smoothing over the same series, so the ratio says how many
/// plain passes a forecast costs whatever the machine's load.
/// </summary>
internal static class ForecastBenchmark
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    public static void Run(int runs)
    {
        var y = Series(seed: 8, count: 14 * 48);
        var start = DateTimeOffset.UnixEpoch;
        ResourceForecaster.Forecast("cpu", start, Step, y); // warm up the JIT
        var sink = Smooth(y);

        var forecasts = new List<double>();
        var passes = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            ResourceForecaster.Forecast("cpu", start, Step, y);
            forecasts.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            sink += Smooth(y);
            passes.Add(clock.Elapsed.TotalMilliseconds);
        }

        forecasts.Sort();
        passes.Sort();
        Figures.Print("forecast_runs", runs, "forecasts");
        Figures.Print("forecast_24h_from_14_days_p50", forecasts[runs / 2], "ms");
        Figures.Print("forecast_24h_from_14_days_max", forecasts[^1], "ms");
        Figures.Print("baseline_one_smoothing_pass_p50", passes[runs / 2], "ms");
        Figures.Print("forecast_over_baseline", forecasts[runs / 2] / passes[runs / 2], "x");
        GC.KeepAlive(sink);
    }

    /// <summary>A CPU-like series: 30 % with a 20-point daily swing, a slow trend and noise, kept within 0–100.</summary>
    private static double?[] Series(int seed, int count)
    {
        var random = new Random(seed);
        var y = new double?[count];
        for (var i = 0; i < count; i++)
        {
            var days = (i + 0.5) * Step.TotalDays;
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            y[i] = Math.Clamp(30 + 0.5 * days + 20 * Math.Sin(2 * Math.PI * days) + 4 * noise, 0, 100);
        }

        return y;
    }

    private static double Smooth(double?[] y)
    {
        double level = y[0] ?? 0;
        foreach (var value in y)
        {
            level = value is { } v ? level + 0.3 * (v - level) : level;
        }

        return level;
    }
}
