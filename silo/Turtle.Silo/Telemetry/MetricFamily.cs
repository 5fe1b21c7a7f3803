using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Turtle.Silo.Telemetry;

/// <summary>
/// One instrument's figures as a Prometheus metric family: a series per label set, each a running value (counter,
/// gauge) or cumulative buckets (histogram). Measurements arrive on any thread; each series takes its own lock.
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>Series kept per family at most, so a runaway label cannot grow memory without bound.</summary>
    public const int MaxSeries = 10_000;

    /// <summary>OpenTelemetry's default explicit bucket boundaries, for histograms that advise none.</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly bool _accumulates;

    public MetricFamily(Instrument instrument)
    {
        Instrument = instrument;
        Observable = instrument.IsObservable;
        Type = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => "counter",
            Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
            _ => "gauge",
        };
        // Synchronous counters add up; observable instruments report the current (or cumulative) value itself.
        _accumulates = !Observable;
        Name = PrometheusNames.Family(instrument, Type);
        Bounds = Type == "histogram" ? [.. BoundsOf(instrument)] : [];
    }

    public Instrument Instrument { get; }

    public string Name { get; }

    public string Type { get; }

    public bool Observable { get; }

    public double[] Bounds { get; }

    /// <summary>Observable instruments report every series afresh at each scrape: series no longer reported disappear.</summary>
    public void BeginObservation() => _series.Clear();

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        if (!_series.TryGetValue(labels, out var series))
        {
            if (_series.Count >= MaxSeries)
            {
                return;
            }

            series = _series.GetOrAdd(labels, _ => new Series(Bounds.Length));
        }

        series.Record(value, Type == "histogram", _accumulates, Bounds);
    }

    public void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusNames.Help(Instrument.Description)).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            lock (series)
            {
                if (Type == "histogram")
                {
                    WriteHistogram(text, labels, series);
                }
                else
                {
                    Sample(text, Name, labels, null, series.Value);
                }
            }
        }
    }

    private void WriteHistogram(StringBuilder text, string labels, Series series)
    {
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += series.Buckets[i];
            Sample(text, Name + "_bucket", labels, PrometheusNames.Value(Bounds[i]), cumulative);
        }

        Sample(text, Name + "_bucket", labels, "+Inf", series.Count);
        Sample(text, Name + "_sum", labels, null, series.Value);
        Sample(text, Name + "_count", labels, null, series.Count);
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusNames.Value(value)).Append('\n');
    }

    /// <summary>The label set as it is written (sorted by name, values escaped), which is also the series' key.</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var tag in sorted)
        {
            text.Append(text.Length > 0 ? "," : "").Append(PrometheusNames.Label(tag.Key)).Append("=\"");
            PrometheusNames.AppendLabelValue(text, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            text.Append('"');
        }

        return text.ToString();
    }

    private static IReadOnlyList<double> BoundsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries ?? DefaultBounds,
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBounds,
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBounds,
        _ => DefaultBounds,
    };

    private sealed class Series(int buckets)
    {
        public double Value;
        public long Count;
        public readonly long[] Buckets = new long[buckets];

        public void Record(double value, bool histogram, bool accumulates, double[] bounds)
        {
            lock (this)
            {
                if (histogram)
                {
                    // Buckets count per interval (le is inclusive); the writer makes them cumulative.
                    var index = Array.BinarySearch(bounds, value);
                    index = index >= 0 ? index : ~index;
                    if (index < bounds.Length)
                    {
                        Buckets[index]++;
                    }

                    Count++;
                    Value += value;
                }
                else
                {
                    Value = accumulates ? Value + value : value;
                }
            }
        }
    }
}
