using System.Diagnostics;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// Runs <c>callers</c> concurrent loops of one awaited operation for a warm-up, then for a measured window, and
/// reports operations per second and latency percentiles. Bounded by time and by a per-caller count.
/// </summary>
internal static class ThroughputRun
{
    public sealed record Result(double OpsPerSecond, double P50Micros, double P99Micros, long Operations);

    public static async Task<Result> MeasureAsync(int callers, TimeSpan warmup, TimeSpan window, Func<int, long, Task> operation)
    {
        const int maxOpsPerCaller = 50_000_000;
        var recorder = new LatencyRecorder(callers, 2_000_000);
        var measuring = 0;
        var stop = 0;
        var counts = new long[callers];

        var loops = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            long i = 0;
            while (Volatile.Read(ref stop) == 0 && i < maxOpsPerCaller)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(caller, i++).ConfigureAwait(false);
                if (Volatile.Read(ref measuring) == 1)
                {
                    recorder.Record(caller, Stopwatch.GetTimestamp() - start);
                    counts[caller]++;
                }
            }
        })).ToArray();

        await Task.Delay(warmup).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(window).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops).ConfigureAwait(false);

        var total = counts.Sum();
        return new Result(total / elapsed.TotalSeconds, recorder.Percentile(50), recorder.Percentile(99), total);
    }
}
