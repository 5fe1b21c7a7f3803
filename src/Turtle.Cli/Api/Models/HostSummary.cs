using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>A host as <c>GET /api/v1/hosts</c> lists it: health and the figures a table shows.</summary>
public sealed record HostSummary
{
    public string Key { get; init; } = "";

    public string Name { get; init; } = "";

    public HealthStatus Health { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public double Interval { get; init; }

    public double? CpuPercent { get; init; }

    public double? MemoryUsedPercent { get; init; }

    public FilesystemSummary? WorstFilesystem { get; init; }

    public double? Load1 { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

public sealed record FilesystemSummary(string Mount, double UsedPercent);
