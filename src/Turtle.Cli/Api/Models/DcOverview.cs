using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>A DC with its host counts by health, as <c>GET /api/v1/dcs</c> lists it.</summary>
public sealed record DcOverview
{
    public string Name { get; init; } = "";

    public DcStatus Status { get; init; }

    public int HostCount { get; init; }

    /// <summary>Hosts per health; every health present, zero or not.</summary>
    public Dictionary<HealthStatus, int> HealthCounts { get; init; } = [];

    public double? AvgCpuPercent { get; init; }

    public double? AvgMemoryUsedPercent { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    public int LinkCount { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }

    public int Count(HealthStatus health) => HealthCounts.GetValueOrDefault(health);
}
