// Local grain call benchmark: prints one figure per line as "name value unit".
// Usage: dotnet run -c Release --project tests/Turtle.Actors.Benchmarks -- [--callers N] [--grains N] [--seconds N]
using System.Globalization;
using Turtle.Actors;
using Turtle.Actors.Benchmarks;
using Turtle.Actors.Testing;

var callers = Option("--callers", 256);
var grains = Option("--grains", 1024);
var seconds = Option("--seconds", 5);
var warmup = TimeSpan.FromSeconds(Math.Max(1, seconds / 3));
var window = TimeSpan.FromSeconds(seconds);

Print("config_callers", callers, "callers");
Print("config_grains", grains, "grains");
Print("config_processors", Environment.ProcessorCount, "cores");

// Baseline first: same callers, same number of targets, a Channel<T> hand-off per call.
await using (var baseline = new ChannelBaseline(grains))
{
    var result = await ThroughputRun.MeasureAsync(callers, warmup, window,
        (caller, i) => baseline.CallAsync((int)((caller + i) % grains), 1));
    Report("baseline_channel", result);
    var channelRate = result.OpsPerSecond;

    await using var silo = await TestSilo.StartAsync(new TestSiloOptions { UseManualClock = false }, typeof(BenchGrain).Assembly);
    var references = Enumerable.Range(0, grains).Select(k => silo.GrainFactory.GetGrain<IBenchGrain>(k)).ToArray();
    foreach (var reference in references)
    {
        await reference.Add(0);
    }

    var grainResult = await ThroughputRun.MeasureAsync(callers, warmup, window,
        (caller, i) => references[(int)((caller + i) % grains)].Add(1));
    Report("local_grain", grainResult);
    Print("local_grain_calls_to_channel_baseline_ratio", grainResult.OpsPerSecond / channelRate, "ratio");

    // One hot grain: every caller on the same activation (the mailbox under contention).
    var hot = references[0];
    var hotResult = await ThroughputRun.MeasureAsync(callers, warmup, window, (_, _) => hot.Add(1));
    Report("local_grain_single_hot", hotResult);
}

return;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static void Report(string name, ThroughputRun.Result result)
{
    Print($"{name}_calls_per_second", result.OpsPerSecond, "calls/s");
    Print($"{name}_latency_p50", result.P50Micros, "us");
    Print($"{name}_latency_p99", result.P99Micros, "us");
}

static void Print(string name, double value, string unit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));
