namespace Turtle.Collector.Scrape;

/// <summary>One label of a sample: <c>device="eth0"</c>.</summary>
public readonly record struct PrometheusLabel(string Name, string Value);

/// <summary>One line of the text exposition format: a metric name, its labels, a value and, rarely, a timestamp.</summary>
/// <param name="Name">The metric name (<c>node_cpu_seconds_total</c>).</param>
/// <param name="Labels">The labels in the order written.</param>
/// <param name="Value">The value; NaN and ±infinity are valid values in the format.</param>
/// <param name="TimestampMs">Milliseconds since the Unix epoch, when the exporter wrote one.</param>
public sealed record PrometheusSample(string Name, IReadOnlyList<PrometheusLabel> Labels, double Value, long? TimestampMs = null)
{
    /// <summary>The value of label <paramref name="name"/>, or null when the sample has no such label.</summary>
    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }
}

/// <summary>A metric type from a <c># TYPE</c> line.</summary>
public enum PrometheusMetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}

/// <summary>What <c># TYPE</c> and <c># HELP</c> lines say about a metric family.</summary>
public sealed record PrometheusFamily(string Name, PrometheusMetricType Type = PrometheusMetricType.Untyped, string? Help = null);

/// <summary>One parsed exposition: every sample in order, the families described, and samples by metric name.</summary>
public sealed class PrometheusScrape
{
    private readonly Dictionary<string, List<PrometheusSample>> _byName = new(StringComparer.Ordinal);

    public PrometheusScrape(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, PrometheusFamily> families)
    {
        Samples = samples;
        Families = families;
        foreach (var sample in samples)
        {
            if (!_byName.TryGetValue(sample.Name, out var list))
            {
                _byName[sample.Name] = list = [];
            }

            list.Add(sample);
        }
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public IReadOnlyDictionary<string, PrometheusFamily> Families { get; }

    /// <summary>The samples of metric <paramref name="name"/>, in order; none when it is absent.</summary>
    public IReadOnlyList<PrometheusSample> Named(string name) => _byName.TryGetValue(name, out var list) ? list : [];

    /// <summary>The value of the single unlabelled sample <paramref name="name"/> (such as <c>node_load1</c>), or null.</summary>
    public double? Value(string name) => Named(name) is [var only, ..] ? only.Value : null;
}
