// Grain call benchmarks: prints one figure per line as "name value unit".
// Usage: dotnet run -c Release --project tests/Turtle.Actors.Benchmarks -- [local|cluster|detection|codec|history|all]
//        [--callers N] [--cluster-callers N] [--grains N] [--seconds N]
using System.Globalization;
using Turtle.Actors.Benchmarks;

var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var grains = Option("--grains", 1024);
var seconds = Option("--seconds", 5);
var warmup = TimeSpan.FromSeconds(Math.Max(1, seconds / 3));
var window = TimeSpan.FromSeconds(seconds);

Figures.Print("config_processors", Environment.ProcessorCount, "cores");
Figures.Print("config_grains", grains, "grains");

if (mode is "local" or "all")
{
    await LocalBenchmark.RunAsync(Option("--callers", 256), grains, warmup, window);
}

if (mode is "cluster" or "all")
{
    await ClusterBenchmark.RunAsync(Option("--cluster-callers", 64), grains, warmup, window);
}

if (mode is "codec" or "all")
{
    CodecBenchmark.Run();
}

if (mode is "history" or "all")
{
    await HistoryBenchmark.RunAsync(Option("--history-hosts", 1000), TimeSpan.FromSeconds(Option("--history-load-seconds", 60)), Option("--history-max-rows", 10_000_000));
}

if (mode is "detection" or "all")
{
    await DetectionBenchmark.RunAsync(Option("--kills", 10));
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
