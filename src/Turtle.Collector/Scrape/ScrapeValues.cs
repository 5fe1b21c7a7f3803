namespace Turtle.Collector.Scrape;

/// <summary>
/// Reading node_exporter values into the schema's types. The format allows NaN and infinities, JSON does not, and the
/// reader refuses out-of-range numbers: such values are dropped, never sent.
/// </summary>
internal static class ScrapeValues
{
    private const double MaxBytes = long.MaxValue / 2; // the schema's bound on byte counts

    /// <summary>A finite value; null for NaN and infinities.</summary>
    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>A byte count: finite and within 0 to the schema's maximum, else null.</summary>
    public static long? Bytes(double? value) => Finite(value) is { } v && v >= 0 && v <= MaxBytes ? (long)v : null;

    /// <summary>Each sample's value of <paramref name="metric"/> by its <paramref name="label"/>; the first wins when one repeats, non-finite values are left out.</summary>
    public static Dictionary<string, double> ByLabel(PrometheusScrape scrape, string metric, string label)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in scrape.Named(metric))
        {
            if (sample.Label(label) is { } key && double.IsFinite(sample.Value))
            {
                values.TryAdd(key, sample.Value);
            }
        }

        return values;
    }

    /// <summary>For each of <paramref name="metrics"/>, its values by the <c>device</c> label (see <see cref="ByLabel"/>).</summary>
    public static Dictionary<string, double>[] ByDevice(PrometheusScrape scrape, string[] metrics) =>
        Array.ConvertAll(metrics, metric => ByLabel(scrape, metric, "device"));

    /// <summary>The value for <paramref name="key"/> in <paramref name="values"/>, or null.</summary>
    public static double? Get(this Dictionary<string, double> values, string key) => values.TryGetValue(key, out var value) ? value : null;
}
