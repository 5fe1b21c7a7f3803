using System.Text.Json.Serialization;

namespace Turtle.Twin.Twins;

/// <summary>A host's health, worst first when sorted descending: what an operator should look at.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    /// <summary>Observed, but without metrics any rule reads.</summary>
    Unknown,

    Ok,

    Warning,

    Critical,

    /// <summary>Not heard from for several of its intervals (3 by default).</summary>
    LostContact,
}

/// <summary>One rule's verdict on one metric: <see cref="Level"/> is Warning or Critical while it holds.</summary>
public sealed record HealthFinding(string Metric, HealthStatus Level, double Value, double Threshold);

/// <summary>A network link's state, from its probes' loss and round trip.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LinkStatus>))]
public enum LinkStatus
{
    /// <summary>Not probed for several intervals.</summary>
    Unknown,

    Up,

    /// <summary>Losing some probes or slow.</summary>
    Degraded,

    /// <summary>No probe answered.</summary>
    Down,
}

/// <summary>A DC's state as its hosts show it (the three-vantage-point judgement belongs to failover).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DcStatus>))]
public enum DcStatus
{
    /// <summary>No host observed yet.</summary>
    Unknown,

    Up,

    /// <summary>Some hosts critical or out of contact.</summary>
    Degraded,

    /// <summary>Every host out of contact.</summary>
    Down,
}
