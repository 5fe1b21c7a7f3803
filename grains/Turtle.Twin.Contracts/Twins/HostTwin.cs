using Turtle.Twin.Alerts;
using Turtle.Twin.Observations;

namespace Turtle.Twin.Twins;

/// <summary>
/// A host as the twin knows it: facts, the latest metrics, health with the findings behind it, its current processes
/// and outgoing links. <see cref="Version"/> grows by one with every change. Immutable: a grain replaces it.
/// </summary>
public sealed record HostTwin
{
    public required string Key { get; init; }

    public required string Dc { get; init; }

    public required string Name { get; init; }

    public long Version { get; init; }

    public HealthStatus Health { get; init; }

    public IReadOnlyList<HealthFinding> Findings { get; init; } = [];

    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The time of the latest observation (the collector's clock).</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The collector's interval in seconds.</summary>
    public double Interval { get; init; } = Observation.DefaultInterval;

    public HostFacts? Facts { get; init; }

    public HostMetrics? Metrics { get; init; }

    /// <summary>Processes in the latest observation.</summary>
    public IReadOnlyList<ProcessSummary> Processes { get; init; } = [];

    /// <summary>Keys of the links probed from this host.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>What the host's collector last said of itself (its cost and backlog), when it says.</summary>
    public CollectorHealth? Collector { get; init; }

    /// <summary>Active alerts (firing and pending), one per rule and instance, as the twin's alert rules judged the latest values.</summary>
    public IReadOnlyList<HostAlert> Alerts { get; init; } = [];

    /// <summary>Recently resolved alerts, newest first; bounded by <c>Turtle:Alerts:ResolvedHistory</c>.</summary>
    public IReadOnlyList<HostAlert> ResolvedAlerts { get; init; } = [];

    public HostSummary ToSummary() => new(Key, Name, Health, LastSeen, Interval, Metrics?.Cpu?.Percent, Metrics?.Memory?.UsedPercent,
        Metrics?.Filesystems?.MaxBy(f => f.UsedPercent) is { } worst ? new FilesystemSummary(worst.Mount, worst.UsedPercent) : null,
        Metrics?.Load?.Avg1);
}

/// <summary>A process as its host last listed it.</summary>
public sealed record ProcessSummary(string Key, int Pid, string Name, double CpuPercent, long RssBytes);

/// <summary>What a DC and the tables need of a host.</summary>
public sealed record HostSummary(
    string Key, string Name, HealthStatus Health, DateTimeOffset LastSeen, double Interval,
    double? CpuPercent, double? MemoryUsedPercent, FilesystemSummary? WorstFilesystem, double? Load1);

public sealed record FilesystemSummary(string Mount, double UsedPercent);

/// <summary>One point of a host's recent in-memory window (kept by the active twin, not persisted).</summary>
public sealed record RecentPoint(DateTimeOffset Time, double? CpuPercent, double? MemoryUsedPercent, double? Load1);
