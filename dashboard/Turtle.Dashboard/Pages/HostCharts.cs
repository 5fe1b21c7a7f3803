using System.Text.Json.Serialization;
using Turtle.Actors.History;
using Turtle.Dashboard.History;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Dashboard.Pages;

/// <summary>One chart's data as the browser module reads it: times in Unix seconds, one value array per series.</summary>
public sealed record ChartData(
    string Name, string Title, string Unit, double? Max, long From, long To, bool Live,
    IReadOnlyList<long> Times, IReadOnlyList<ChartSeries> Series);

public sealed record ChartSeries(string Label, IReadOnlyList<double?> Values);

/// <summary>The live point a host change adds to each chart: values in the charts' series order.</summary>
public sealed record ChartPoint([property: JsonPropertyName("t")] long Time, IReadOnlyDictionary<string, double?[]> Chart);

/// <summary>
/// The host page's charts (CPU, memory, load, network, disk I/O): their history over a chosen range from the history
/// store, and the point each new observation adds. Network and disk sum the host's interfaces and disks.
/// </summary>
public static class HostCharts
{
    /// <summary>The ranges the picker offers; the first is the live default.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Span)> Ranges =
    [
        ("15m", TimeSpan.FromMinutes(15)), ("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6)), ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)),
    ];

    /// <summary>About this many points per chart, whatever the range.</summary>
    private const int Points = 180;

    public static TimeSpan SpanOf(string? range) => Ranges.FirstOrDefault(r => r.Name == range).Span is { Ticks: > 0 } span ? span : Ranges[0].Span;

    public static async Task<IReadOnlyList<ChartData>> BuildAsync(IChartHistory? history, HostTwin host, string range, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var span = SpanOf(range);
        var live = span == Ranges[0].Span;
        // Never finer than the collector's interval: finer buckets would be half empty.
        var step = TimeSpan.FromSeconds(Math.Max(host.Interval, span.TotalSeconds / Points));
        var from = now - span;
        var charts = new List<ChartData>();
        foreach (var (name, title, unit, max, series) in Definitions(host))
        {
            var values = history is null
                ? []
                : await Task.WhenAll(series.Select(s => SumAsync(history, host.Key, s.Metrics, from, now, step, cancellationToken)));
            var times = values.SelectMany(v => v.Keys).Distinct().Order().ToList();
            charts.Add(new ChartData(name, title, unit, max, from.ToUnixTimeSeconds(), now.ToUnixTimeSeconds(), live, times,
                series.Select((s, i) => new ChartSeries(s.Label, times.Select(t => values.Length == 0 || !values[i].TryGetValue(t, out var v) ? (double?)null : v).ToList())).ToList()));
        }

        return charts;
    }

    /// <summary>The point <paramref name="host"/>'s latest metrics add to each chart.</summary>
    public static ChartPoint Point(HostTwin host) => new(host.LastSeen.ToUnixTimeSeconds(), Definitions(host).ToDictionary(
        d => d.Name,
        d => d.Series.Select(s => SumLatest(host, s.Metrics)).ToArray()));

    private static IEnumerable<(string Name, string Title, string Unit, double? Max, (string Label, IReadOnlyList<string> Metrics)[] Series)> Definitions(HostTwin host)
    {
        var nics = host.Metrics?.Interfaces?.Select(n => n.Name).ToList() ?? [];
        var disks = host.Metrics?.Disks?.Select(d => d.Name).ToList() ?? [];
        yield return ("cpu", "CPU", "%", 100, [("CPU", [ObservationMetrics.CpuPercent])]);
        yield return ("memory", "Memory", "%", 100, [("Used", [ObservationMetrics.MemoryUsedPercent])]);
        yield return ("load", "Load", "", null, [("1 min", [ObservationMetrics.Load1]), ("5 min", ["load.avg5"])]);
        yield return ("network", "Network", "B/s", null,
        [
            ("Received", nics.Select(n => ObservationMetrics.Device("net", n, "rx_bytes_per_sec")).ToList()),
            ("Sent", nics.Select(n => ObservationMetrics.Device("net", n, "tx_bytes_per_sec")).ToList()),
        ]);
        yield return ("disk", "Disk I/O", "B/s", null,
        [
            ("Read", disks.Select(d => ObservationMetrics.Device("disk", d, "read_bytes_per_sec")).ToList()),
            ("Written", disks.Select(d => ObservationMetrics.Device("disk", d, "write_bytes_per_sec")).ToList()),
        ]);
    }

    private static double? SumLatest(HostTwin host, IReadOnlyList<string> metrics)
    {
        var values = ObservationMetrics.HostValues(host.Metrics);
        var found = metrics.Where(values.ContainsKey).Select(m => values[m]).ToList();
        return found.Count == 0 ? null : found.Sum();
    }

    /// <summary>The per-bucket average of each metric, summed across metrics (all a host's interfaces, say), keyed by Unix seconds.</summary>
    private static async Task<Dictionary<long, double>> SumAsync(IChartHistory history, string entity, IReadOnlyList<string> metrics, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<long, double>();
        foreach (var metric in metrics)
        {
            foreach (var series in await history.QueryAsync(new HistoryQuery([entity], metric, from, to, step), cancellationToken))
            {
                foreach (var point in series.Points)
                {
                    var t = point.Time.ToUnixTimeSeconds();
                    sums[t] = sums.GetValueOrDefault(t) + point.Avg;
                }
            }
        }

        return sums;
    }
}
