using System.Diagnostics;

namespace Turtle.Actors.Benchmarks;

/// <summary>Per-caller latency samples (every call), merged at the end for percentiles. No locks on the hot path.</summary>
internal sealed class LatencyRecorder(int callers, int capacityPerCaller)
{
    private readonly long[][] _samples = Enumerable.Range(0, callers).Select(_ => new long[capacityPerCaller]).ToArray();
    private readonly int[] _counts = new int[callers];

    public void Record(int caller, long elapsedTicks)
    {
        var count = _counts[caller];
        if (count < capacityPerCaller)
        {
            _samples[caller][count] = elapsedTicks;
            _counts[caller] = count + 1;
        }
    }

    /// <summary>The given percentile in microseconds.</summary>
    public double Percentile(double percentile)
    {
        var all = _samples.SelectMany((s, i) => s.Take(_counts[i])).ToArray();
        if (all.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(all);
        var index = Math.Clamp((int)Math.Ceiling(percentile / 100 * all.Length) - 1, 0, all.Length - 1);
        return all[index] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
