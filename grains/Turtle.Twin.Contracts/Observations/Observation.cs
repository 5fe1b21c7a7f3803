using System.Text.Json.Serialization;

namespace Turtle.Twin.Observations;

/// <summary>
/// One batch of observation schema v1 (<c>docs/schema/observation-v1.schema.json</c>): what one collector saw on one
/// host at one time. <see cref="Collector"/> and <see cref="Seq"/> make it idempotent: a replayed pair is
/// acknowledged again and stored once. Everything but the header is optional, so a collector sends what it has.
/// Instances are immutable once read: grains receive them by reference.
/// </summary>
public sealed record Observation
{
    /// <summary>The schema this batch follows.</summary>
    public const string SchemaV1 = "turtle.observation/v1";

    public string Schema { get; init; } = SchemaV1;

    /// <summary>Who sent it: stable across the collector's restarts.</summary>
    public required string Collector { get; init; }

    /// <summary>Strictly increasing per collector, from 1.</summary>
    public required long Seq { get; init; }

    public required string Dc { get; init; }

    public required string Host { get; init; }

    /// <summary>When the samples were taken; the silo's receipt time when the batch leaves it out.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Seconds between this collector's observations; a host silent for 3 intervals has lost contact.</summary>
    public double Interval { get; init; } = DefaultInterval;

    public const double DefaultInterval = 5;

    public HostFacts? Facts { get; init; }

    public HostMetrics? Metrics { get; init; }

    /// <summary>Processes seen running (typically the top by CPU and by memory, plus watched services).</summary>
    public IReadOnlyList<ProcessObservation>? Processes { get; init; }

    /// <summary>Processes seen to end since the last batch.</summary>
    public IReadOnlyList<ProcessExit>? Exited { get; init; }

    /// <summary>Probes from this host to other hosts or DCs.</summary>
    public IReadOnlyList<LinkObservation>? Links { get; init; }

    /// <summary>The collector's own state: what it costs the host and what it has not delivered yet.</summary>
    public CollectorHealth? Self { get; init; }

    [JsonIgnore]
    public string HostKey => TwinKeys.Host(Dc, Host);
}

/// <summary>What changes rarely: sent at start and when it changes (a twin keeps the last facts it got).</summary>
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

    public IReadOnlyList<DiskFact>? Disks { get; init; }

    public IReadOnlyList<FilesystemFact>? Filesystems { get; init; }

    public IReadOnlyList<InterfaceFact>? Interfaces { get; init; }
}

public sealed record DiskFact(string Name, long? SizeBytes = null, string? Model = null);

public sealed record FilesystemFact(string Mount, string? Device = null, string? Type = null, long? SizeBytes = null);

public sealed record InterfaceFact(string Name, string? Mac = null, IReadOnlyList<string>? Addresses = null, int? SpeedMbps = null, int? Mtu = null);

/// <summary>The latest values; rates are per second over the collector's last interval.</summary>
public sealed record HostMetrics
{
    public CpuMetrics? Cpu { get; init; }

    public LoadMetrics? Load { get; init; }

    public MemoryMetrics? Memory { get; init; }

    public IReadOnlyList<FilesystemUsage>? Filesystems { get; init; }

    public IReadOnlyList<DiskIo>? Disks { get; init; }

    public IReadOnlyList<InterfaceTraffic>? Interfaces { get; init; }

    public IReadOnlyList<Temperature>? Temperatures { get; init; }

    /// <summary>TCP connections by state (<c>established</c>, <c>time_wait</c>, ...; see <see cref="TcpStates"/>).</summary>
    public IReadOnlyDictionary<string, long>? Tcp { get; init; }
}

/// <summary>Percent of all CPUs' time (0–100) in total and per mode.</summary>
public sealed record CpuMetrics(double Percent, double? User = null, double? System = null, double? Iowait = null, double? Steal = null);

public sealed record LoadMetrics(double Avg1, double Avg5, double Avg15);

public sealed record MemoryMetrics(long TotalBytes, long AvailableBytes, long? SwapTotalBytes = null, long? SwapUsedBytes = null)
{
    /// <summary>Derived, not sent: (total − available) / total.</summary>
    [JsonIgnore]
    public double UsedPercent => TotalBytes == 0 ? 0 : 100.0 * (TotalBytes - AvailableBytes) / TotalBytes;
}

public sealed record FilesystemUsage(string Mount, long SizeBytes, long UsedBytes, double? InodesUsedPercent = null)
{
    /// <summary>Derived, not sent: used / size.</summary>
    [JsonIgnore]
    public double UsedPercent => SizeBytes == 0 ? 0 : 100.0 * UsedBytes / SizeBytes;
}

public sealed record DiskIo(string Name, double ReadBytesPerSec, double WriteBytesPerSec, double? ReadOpsPerSec = null, double? WriteOpsPerSec = null, double? UtilPercent = null);

public sealed record InterfaceTraffic(string Name, double RxBytesPerSec, double TxBytesPerSec, double? RxErrorsPerSec = null, double? TxErrorsPerSec = null, double? RxDropsPerSec = null, double? TxDropsPerSec = null);

public sealed record Temperature(string Sensor, double Celsius);

/// <summary>A running process. <see cref="StartTime"/> with <see cref="Pid"/> identifies it (pids are reused).</summary>
public sealed record ProcessObservation
{
    public required int Pid { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public required string Name { get; init; }

    public string? Command { get; init; }

    public string? User { get; init; }

    /// <summary>The kernel's one-letter state (R, S, D, Z, T, I, ...).</summary>
    public string? State { get; init; }

    public double CpuPercent { get; init; }

    public long RssBytes { get; init; }

    public int? Threads { get; init; }

    public int? Fds { get; init; }
}

/// <summary>A process that ended; <see cref="ExitCode"/> when the collector knows it (it is not the parent, usually it does not).</summary>
public sealed record ProcessExit(int Pid, DateTimeOffset StartTime, DateTimeOffset? ExitTime = null, int? ExitCode = null);

/// <summary>A probe from the observed host to <see cref="To"/> (a host key <c>dc2/gw</c> or a DC <c>dc2</c>).</summary>
public sealed record LinkObservation
{
    public required string To { get; init; }

    /// <summary>What was probed, for people (<c>10.0.2.1:22</c>).</summary>
    public string? Target { get; init; }

    /// <summary>Round trip in milliseconds; null when no probe answered.</summary>
    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    /// <summary>Percent of probes lost in the interval (0–100).</summary>
    public double LossPercent { get; init; }
}

/// <summary>
/// A collector's report on itself: its CPU (percent of one CPU) and memory, and its on-disk buffer (batches and bytes
/// waiting, batches dropped because the buffer was full). A good citizen shows what it costs.
/// </summary>
public sealed record CollectorHealth(double CpuPercent, long RssBytes, long BufferedBatches = 0, long BufferedBytes = 0, long DroppedBatches = 0, string? Version = null);

/// <summary>The TCP states an observation may count, as Linux names them (lower case).</summary>
public static class TcpStates
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing",
    };
}
