namespace Turtle.Twin.Health;

/// <summary>
/// A metric name a rule reads, with at most one <c>[*]</c> standing for any one device (<c>fs[*].used_percent</c>
/// reads <c>fs[/].used_percent</c> and <c>fs[/data].used_percent</c>); shared by health and alert rules.
/// </summary>
public static class MetricPattern
{
    /// <summary>Whether <paramref name="pattern"/> reads <paramref name="metric"/>.</summary>
    public static bool Matches(string pattern, string metric)
    {
        var star = pattern.IndexOf("[*]", StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, metric, StringComparison.Ordinal);
        }

        var prefix = pattern.AsSpan(0, star + 1);  // "fs["
        var suffix = pattern.AsSpan(star + 2);     // "].used_percent"
        return metric.Length > prefix.Length + suffix.Length && metric.AsSpan().StartsWith(prefix, StringComparison.Ordinal) &&
               metric.AsSpan().EndsWith(suffix, StringComparison.Ordinal);
    }
}
