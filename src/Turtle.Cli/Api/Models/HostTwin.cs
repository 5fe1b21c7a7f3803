using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>
/// One host's twin as <c>GET /api/v1/hosts/{dc}/{host}</c> returns it. Typed where the CLI shows a field; whatever else
/// the API sends is kept in <c>More</c> so <c>--format json</c> passes the whole twin on.
/// </summary>
public sealed record HostTwin
{
    public string Key { get; init; } = "";

    public string Dc { get; init; } = "";

    public string Name { get; init; } = "";

    public long Version { get; init; }

    public HealthStatus Health { get; init; }

    public IReadOnlyList<HealthFinding> Findings { get; init; } = [];

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public double Interval { get; init; }

    public HostFacts? Facts { get; init; }

    public HostMetrics? Metrics { get; init; }

    public IReadOnlyList<ProcessSummary> Processes { get; init; } = [];

    public IReadOnlyList<string> Links { get; init; } = [];

    public CollectorHealth? Collector { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

public sealed record HealthFinding(string Metric, HealthStatus Level, double Value, double Threshold);

public sealed record ProcessSummary(string Key, int Pid, string Name, double CpuPercent, long RssBytes);

public sealed record CollectorHealth(double CpuPercent, long RssBytes, long BufferedBatches, long BufferedBytes, long DroppedBatches, string? Version);

/// <summary>What changes rarely; the lists (disks, filesystems, interfaces) stay in <c>More</c>.</summary>
public sealed record HostFacts
{
    public string? Os { get; init; }

    public string? Kernel { get; init; }

    public string? Arch { get; init; }

    public string? CpuModel { get; init; }

    public int? CpuCount { get; init; }

    public long? MemoryBytes { get; init; }

    public long? SwapBytes { get; init; }

    public DateTimeOffset? BootTime { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>The latest values; per-device lists other than filesystems stay in <c>More</c>.</summary>
public sealed record HostMetrics
{
    public CpuMetrics? Cpu { get; init; }

    public LoadMetrics? Load { get; init; }

    public MemoryMetrics? Memory { get; init; }

    public IReadOnlyList<FilesystemUsage>? Filesystems { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

public sealed record CpuMetrics(double Percent, double? User = null, double? System = null, double? Iowait = null, double? Steal = null);

public sealed record LoadMetrics(double Avg1, double Avg5, double Avg15);

public sealed record MemoryMetrics(long TotalBytes, long AvailableBytes, long? SwapTotalBytes = null, long? SwapUsedBytes = null)
{
    /// <summary>Derived as the silo derives it (the API does not send it): (total − available) / total.</summary>
    [JsonIgnore]
    public double UsedPercent => TotalBytes == 0 ? 0 : 100.0 * (TotalBytes - AvailableBytes) / TotalBytes;
}

public sealed record FilesystemUsage(string Mount, long SizeBytes, long UsedBytes, double? InodesUsedPercent = null)
{
    [JsonIgnore]
    public double UsedPercent => SizeBytes == 0 ? 0 : 100.0 * UsedBytes / SizeBytes;
}
