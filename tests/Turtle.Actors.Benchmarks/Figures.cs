using System.Globalization;

namespace Turtle.Actors.Benchmarks;

/// <summary>Prints figures as "name value unit", one per line, for people and scripts alike.</summary>
internal static class Figures
{
    public static void Report(string name, ThroughputRun.Result result)
    {
        Print($"{name}_calls_per_second", result.OpsPerSecond, "calls/s");
        Print($"{name}_latency_p50", result.P50Micros, "us");
        Print($"{name}_latency_p99", result.P99Micros, "us");
    }

    public static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));
}
