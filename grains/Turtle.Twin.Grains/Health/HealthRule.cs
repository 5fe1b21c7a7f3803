using Turtle.Twin.Observations;

namespace Turtle.Twin.Health;

/// <summary>
/// A threshold rule on one metric of a host (<see cref="Metric"/> may hold <c>*</c> in brackets for every device:
/// <c>fs[*].used_percent</c>). It turns Warning at <see cref="Warning"/>, Critical at <see cref="Critical"/>, and
/// steps back down only once the value is <see cref="Hysteresis"/> below the threshold, so a value hovering at a
/// threshold does not flap.
/// </summary>
public sealed class HealthRule
{
    public string Metric { get; set; } = "";

    public double Warning { get; set; }

    public double Critical { get; set; }

    public double Hysteresis { get; set; }

    public static IReadOnlyList<HealthRule> Defaults { get; } =
    [
        new() { Metric = ObservationMetrics.CpuPercent, Warning = 85, Critical = 95, Hysteresis = 5 },
        new() { Metric = ObservationMetrics.MemoryUsedPercent, Warning = 90, Critical = 97, Hysteresis = 3 },
        new() { Metric = "fs[*].used_percent", Warning = 85, Critical = 95, Hysteresis = 2 },
        new() { Metric = "temp[*].celsius", Warning = 80, Critical = 90, Hysteresis = 5 },
    ];

    /// <summary>Whether this rule reads <paramref name="metric"/>.</summary>
    public bool Matches(string metric) => MetricPattern.Matches(Metric, metric);
}
