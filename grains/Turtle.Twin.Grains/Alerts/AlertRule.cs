using Turtle.Twin.Health;

namespace Turtle.Twin.Alerts;

/// <summary>
/// A validated alert rule (see <see cref="AlertRuleDefinition"/> for how one is written): when <see cref="Metric"/>
/// (with <c>[*]</c> for every device) is beyond <see cref="Threshold"/> for <see cref="For"/>, the host fires an alert
/// of <see cref="Severity"/>; it resolves once the value is back past <see cref="Clear"/>. <see cref="Dc"/> and
/// <see cref="Host"/> are optional glob scopes.
/// </summary>
public sealed record AlertRule(
    string Name,
    string Metric,
    AlertComparison Comparison,
    double Threshold,
    double Clear,
    TimeSpan For,
    AlertSeverity Severity,
    string? Dc = null,
    string? Host = null,
    string? Summary = null)
{
    /// <summary>
    /// The rules in force with no configuration, so the embedded default alerts with zero setup (docs/alerts.md lists
    /// them with their reasons).
    /// </summary>
    public static IReadOnlyList<AlertRule> Defaults { get; } =
    [
        new("filesystem-almost-full", "fs[*].used_percent", AlertComparison.Above, 90, 85, TimeSpan.FromMinutes(5), AlertSeverity.Warning,
            Summary: "Filesystem over 90 % full"),
        new("filesystem-full", "fs[*].used_percent", AlertComparison.Above, 97, 95, TimeSpan.FromMinutes(1), AlertSeverity.Critical,
            Summary: "Filesystem nearly full: writes will fail"),
        new("inodes-almost-exhausted", "fs[*].inodes_used_percent", AlertComparison.Above, 90, 85, TimeSpan.FromMinutes(5), AlertSeverity.Warning,
            Summary: "Filesystem running out of inodes"),
        new("memory-exhausted", "memory.used_percent", AlertComparison.Above, 95, 90, TimeSpan.FromMinutes(5), AlertSeverity.Critical,
            Summary: "Memory over 95 % used: the OOM killer is near"),
        new("cpu-saturated", "cpu.percent", AlertComparison.Above, 95, 85, TimeSpan.FromMinutes(10), AlertSeverity.Warning,
            Summary: "CPU over 95 % busy for 10 minutes"),
        new("load-high", "load.per_core", AlertComparison.Above, 2, 1.5, TimeSpan.FromMinutes(15), AlertSeverity.Warning,
            Summary: "1-minute load over 2 per core"),
        new("link-loss", "link[*].loss_percent", AlertComparison.Above, 5, 1, TimeSpan.FromMinutes(2), AlertSeverity.Warning,
            Summary: "Probes to a peer losing over 5 % of packets"),
        new("temperature-high", "temp[*].celsius", AlertComparison.Above, 85, 80, TimeSpan.FromMinutes(2), AlertSeverity.Warning,
            Summary: "Sensor over 85 °C"),
    ];

    /// <summary>Whether this rule reads <paramref name="metric"/>.</summary>
    public bool Matches(string metric) => MetricPattern.Matches(Metric, metric);

    /// <summary>Whether this rule applies to the host <paramref name="hostKey"/> of DC <paramref name="dc"/>.</summary>
    public bool Covers(string dc, string hostKey) =>
        (Dc is null || AlertGlob.IsMatch(Dc, dc)) && (Host is null || AlertGlob.MatchesHost(Host, hostKey));

    public bool Breaches(double value) => Comparison == AlertComparison.Above ? value > Threshold : value < Threshold;

    /// <summary>Whether <paramref name="value"/> is back past the clear level (so a firing alert resolves).</summary>
    public bool Clears(double value) => Comparison == AlertComparison.Above ? value <= Clear : value >= Clear;

    /// <summary>The device in the brackets of <paramref name="metric"/> (<c>/var</c> of <c>fs[/var].used_percent</c>), or null.</summary>
    public static string? InstanceOf(string metric)
    {
        var open = metric.IndexOf('[');
        var close = metric.LastIndexOf(']');
        return open >= 0 && close > open ? metric[(open + 1)..close] : null;
    }
}
