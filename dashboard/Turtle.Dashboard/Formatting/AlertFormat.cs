using System.Globalization;
using Turtle.Twin.Alerts;

namespace Turtle.Dashboard.Formatting;

/// <summary>How alerts read on the pages: values with their unit, the threshold with its clear level, severity classes.</summary>
public static class AlertFormat
{
    /// <summary><c>95 %</c> for a percentage metric, <c>2.31</c> otherwise.</summary>
    public static string Value(HostAlert alert, double value) =>
        alert.Metric.EndsWith("percent", StringComparison.Ordinal)
            ? value.ToString("0.#", CultureInfo.InvariantCulture) + " %"
            : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary><c>&gt; 90 % (clears at ≤ 85 %)</c>.</summary>
    public static string Threshold(HostAlert alert) => alert.Comparison == AlertComparison.Above
        ? $"> {Value(alert, alert.Threshold)} (clears at ≤ {Value(alert, alert.ClearThreshold)})"
        : $"< {Value(alert, alert.Threshold)} (clears at ≥ {Value(alert, alert.ClearThreshold)})";

    /// <summary>The badge class of a severity (the health classes' colours: Critical red, Warning amber, Info blue).</summary>
    public static string Badge(AlertSeverity severity) => severity.ToString();

    /// <summary>What the alert is about: <c>filesystem-almost-full on /data</c>.</summary>
    public static string Subject(HostAlert alert) => alert.Instance is null ? alert.Rule : $"{alert.Rule} on {alert.Instance}";
}
