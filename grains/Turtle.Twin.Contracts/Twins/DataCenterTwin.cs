namespace Turtle.Twin.Twins;

/// <summary>A DC: its hosts and links as they last reported, and what they add up to.</summary>
public sealed record DataCenterTwin
{
    public required string Name { get; init; }

    public long Version { get; init; }

    public DcStatus Status { get; init; }

    /// <summary>Hosts per health (every <see cref="HealthStatus"/> present, zero or not).</summary>
    public IReadOnlyDictionary<HealthStatus, int> HealthCounts { get; init; } = new Dictionary<HealthStatus, int>();

    public int HostCount { get; init; }

    public double? AvgCpuPercent { get; init; }

    public double? AvgMemoryUsedPercent { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Worst health first, then by name.</summary>
    public IReadOnlyList<HostSummary> Hosts { get; init; } = [];

    public IReadOnlyList<LinkSummary> Links { get; init; } = [];
}

/// <summary>A DC without its host and link lists: what a fleet overview shows.</summary>
public sealed record DcOverview(
    string Name, DcStatus Status, int HostCount, IReadOnlyDictionary<HealthStatus, int> HealthCounts,
    double? AvgCpuPercent, double? AvgMemoryUsedPercent, DateTimeOffset? LastSeen, int LinkCount)
{
    public static DcOverview From(DataCenterTwin dc) =>
        new(dc.Name, dc.Status, dc.HostCount, dc.HealthCounts, dc.AvgCpuPercent, dc.AvgMemoryUsedPercent, dc.LastSeen, dc.Links.Count);
}
