using System.Diagnostics;
using Turtle.Actors.History;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// A fleet's day of history: <c>cpu</c> every 10 s and <c>mem</c> every 5 min for each host, over the 24 hours
/// before <see cref="End"/>, written in time order in batches. Bounded by a row count and a time budget: when the
/// budget runs out the load stops early and says how far it got.
/// </summary>
internal sealed class HistoryFleetLoad(int hosts, DateTimeOffset end, int batchSize = 10_000)
{
    public const string Metric = "cpu";

    public DateTimeOffset End { get; } = end;

    public DateTimeOffset Start => End.AddHours(-24);

    public static string Host(int index) => $"dc{1 + (index % 2)}/host-{index:D4}";

    public IReadOnlyList<string> Hosts { get; } = Enumerable.Range(0, hosts).Select(Host).ToList();

    /// <summary>Writes the day; returns (rows written, seconds spent writing, whether the whole day was written).</summary>
    public async Task<(long Rows, double Seconds, bool Complete)> WriteAsync(IHistoryStore store, TimeSpan budget, long maxRows)
    {
        var batch = new List<Sample>(batchSize);
        long rows = 0;
        var clock = Stopwatch.StartNew();
        for (var t = Start; t < End; t = t.AddSeconds(10))
        {
            var withMem = (t - Start).Ticks % TimeSpan.FromMinutes(5).Ticks == 0;
            for (var h = 0; h < Hosts.Count; h++)
            {
                batch.Add(new Sample(Hosts[h], Metric, t, Value(h, t)));
                if (withMem)
                {
                    batch.Add(new Sample(Hosts[h], "mem", t, 1e9 + Value(h, t)));
                }

                if (batch.Count >= batchSize)
                {
                    await store.WriteAsync(batch);
                    rows += batch.Count;
                    batch.Clear();
                    if (clock.Elapsed > budget || rows >= maxRows)
                    {
                        return (rows, clock.Elapsed.TotalSeconds, false);
                    }
                }
            }
        }

        await store.WriteAsync(batch);
        rows += batch.Count;
        return (rows, clock.Elapsed.TotalSeconds, true);
    }

    /// <summary>A deterministic, varied value (a daily wave per host plus noise-like wobble).</summary>
    private static double Value(int host, DateTimeOffset t) =>
        50 + (40 * Math.Sin((t.ToUnixTimeSeconds() / 86_400.0 * Math.Tau) + host)) + ((t.ToUnixTimeSeconds() * 7919 + host * 104_729) % 17);
}
