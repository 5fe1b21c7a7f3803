using System.Globalization;
using System.Text.Json.Serialization;

namespace Turtle.Twin.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Where an alert is in its life: Pending (breaching, not yet for the rule's <c>for</c>), Firing, Resolved.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    Pending,
    Firing,
    Resolved,
}

/// <summary>Which side of the threshold breaches: a value above it (disk used) or below it (memory available).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertComparison>))]
public enum AlertComparison
{
    Above,
    Below,
}

/// <summary>
/// One alert of one host: a rule breached by one instance of its metric (the mount point of <c>fs[*].used_percent</c>,
/// null for a metric without a device). A host holds at most one active alert per (<see cref="Rule"/>,
/// <see cref="Instance"/>): a breach that goes on updates <see cref="Value"/>, it does not add another alert. It fires
/// once the breach has lasted the rule's <c>for</c> and resolves only once the value is back past
/// <see cref="ClearThreshold"/> (hysteresis). Immutable: the host twin replaces it.
/// </summary>
public sealed record HostAlert
{
    public required string Rule { get; init; }

    /// <summary>The host's key, <c>dc1/udm-pro</c>.</summary>
    public required string Host { get; init; }

    /// <summary>The device in the metric's brackets (<c>/var</c>, <c>eth0</c>, <c>dc2/gw</c>), or null.</summary>
    public string? Instance { get; init; }

    /// <summary>The metric as observed: <c>fs[/var].used_percent</c>.</summary>
    public required string Metric { get; init; }

    public AlertSeverity Severity { get; init; }

    public AlertState State { get; init; }

    public AlertComparison Comparison { get; init; }

    public double Threshold { get; init; }

    /// <summary>The level the value must cross back over before the alert resolves.</summary>
    public double ClearThreshold { get; init; }

    /// <summary>The latest value seen (for a resolved alert: the value that resolved it).</summary>
    public double Value { get; init; }

    /// <summary>The worst value seen while the alert was active.</summary>
    public double Peak { get; init; }

    /// <summary>When the breach began (the start of Pending).</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>When it started firing; null while pending.</summary>
    public DateTimeOffset? FiringSince { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When the host last evaluated it.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The rule's summary for people, when it has one.</summary>
    public string? Summary { get; init; }

    /// <summary>Why it resolved when not by the value (the metric is no longer reported, the rule was removed).</summary>
    public string? Note { get; init; }

    /// <summary>Names the alert within the fleet: <c>dc1/nas:filesystem-almost-full:/var</c>.</summary>
    public string Key => AlertKey(Host, Rule, Instance);

    public static string AlertKey(string host, string rule, string? instance) =>
        instance is null ? $"{host}:{rule}" : $"{host}:{rule}:{instance}";

    /// <summary>
    /// Names one transition of one occurrence: the alert's key, when it started firing (Unix ms) and the new state.
    /// The same for every retry of its notification, so a receiver can drop repeats.
    /// </summary>
    public string IdempotencyKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Key}@{FiringSince?.ToUnixTimeMilliseconds() ?? Since.ToUnixTimeMilliseconds()}:{State.ToString().ToLowerInvariant()}");
}
