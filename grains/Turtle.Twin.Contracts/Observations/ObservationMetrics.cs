using System.Globalization;

namespace Turtle.Twin.Observations;

/// <summary>One named value of an observation, on the entity (host, process or link key) it describes.</summary>
public readonly record struct MetricValue(string Entity, string Metric, double Value);

/// <summary>
/// Flattens an observation into named values: what history stores, what health rules and the query API name. Names
/// are <c>family.field</c> (<c>cpu.percent</c>), with the device in brackets for per-device values
/// (<c>fs[/var].used_percent</c>, <c>net[eth0].rx_bytes_per_sec</c>); processes and links are their own entities.
/// </summary>
public static class ObservationMetrics
{
    public const string CpuPercent = "cpu.percent";
    public const string Load1 = "load.avg1";
    public const string MemoryUsedPercent = "memory.used_percent";
    public const string SwapUsedBytes = "swap.used_bytes";
    public const string FilesystemUsedPercent = "used_percent";
    public const string ProcessCpuPercent = "cpu.percent";
    public const string ProcessRssBytes = "rss_bytes";
    public const string LinkRttMs = "rtt_ms";
    public const string LinkLossPercent = "loss_percent";

    /// <summary>The per-device metric name: <c>fs[/var].used_percent</c>.</summary>
    public static string Device(string family, string device, string field) => $"{family}[{device}].{field}";

    /// <summary>Every value of <paramref name="observation"/>: the host's, then each process's, then each link's.</summary>
    public static List<MetricValue> Flatten(Observation observation)
    {
        var values = new List<MetricValue>(32);
        AddHost(values, observation.HostKey, observation.Metrics);
        if (observation.Self is { } self)
        {
            // The collector's cost and backlog, as metrics of the host it observes (a good citizen's own figures).
            values.Add(new(observation.HostKey, "collector.cpu_percent", self.CpuPercent));
            values.Add(new(observation.HostKey, "collector.rss_bytes", self.RssBytes));
            values.Add(new(observation.HostKey, "collector.buffered_batches", self.BufferedBatches));
            values.Add(new(observation.HostKey, "collector.dropped_batches", self.DroppedBatches));
        }

        foreach (var process in observation.Processes ?? [])
        {
            var key = TwinKeys.Process(observation.HostKey, process.Pid, process.StartTime);
            values.Add(new(key, ProcessCpuPercent, process.CpuPercent));
            values.Add(new(key, ProcessRssBytes, process.RssBytes));
        }

        foreach (var link in observation.Links ?? [])
        {
            var key = TwinKeys.Link(observation.HostKey, link.To);
            Add(values, key, LinkRttMs, link.RttMs);
            Add(values, key, "jitter_ms", link.JitterMs);
            values.Add(new(key, LinkLossPercent, link.LossPercent));
        }

        return values;
    }

    /// <summary>The host's own values, as a name → value map (what health rules read).</summary>
    public static Dictionary<string, double> HostValues(HostMetrics? metrics)
    {
        var values = new List<MetricValue>(32);
        AddHost(values, "", metrics);
        var map = new Dictionary<string, double>(values.Count, StringComparer.Ordinal);
        foreach (var value in values)
        {
            map[value.Metric] = value.Value;
        }

        return map;
    }

    private static void AddHost(List<MetricValue> values, string host, HostMetrics? metrics)
    {
        if (metrics is null)
        {
            return;
        }

        if (metrics.Cpu is { } cpu)
        {
            values.Add(new(host, CpuPercent, cpu.Percent));
            Add(values, host, "cpu.user", cpu.User);
            Add(values, host, "cpu.system", cpu.System);
            Add(values, host, "cpu.iowait", cpu.Iowait);
            Add(values, host, "cpu.steal", cpu.Steal);
        }

        if (metrics.Load is { } load)
        {
            values.Add(new(host, Load1, load.Avg1));
            values.Add(new(host, "load.avg5", load.Avg5));
            values.Add(new(host, "load.avg15", load.Avg15));
        }

        if (metrics.Memory is { } memory)
        {
            values.Add(new(host, MemoryUsedPercent, memory.UsedPercent));
            values.Add(new(host, "memory.available_bytes", memory.AvailableBytes));
            Add(values, host, SwapUsedBytes, memory.SwapUsedBytes);
        }

        foreach (var fs in metrics.Filesystems ?? [])
        {
            values.Add(new(host, Device("fs", fs.Mount, FilesystemUsedPercent), fs.UsedPercent));
            values.Add(new(host, Device("fs", fs.Mount, "used_bytes"), fs.UsedBytes));
            Add(values, host, Device("fs", fs.Mount, "inodes_used_percent"), fs.InodesUsedPercent);
        }

        foreach (var disk in metrics.Disks ?? [])
        {
            values.Add(new(host, Device("disk", disk.Name, "read_bytes_per_sec"), disk.ReadBytesPerSec));
            values.Add(new(host, Device("disk", disk.Name, "write_bytes_per_sec"), disk.WriteBytesPerSec));
            Add(values, host, Device("disk", disk.Name, "util_percent"), disk.UtilPercent);
        }

        foreach (var nic in metrics.Interfaces ?? [])
        {
            values.Add(new(host, Device("net", nic.Name, "rx_bytes_per_sec"), nic.RxBytesPerSec));
            values.Add(new(host, Device("net", nic.Name, "tx_bytes_per_sec"), nic.TxBytesPerSec));
            Add(values, host, Device("net", nic.Name, "rx_errors_per_sec"), nic.RxErrorsPerSec);
            Add(values, host, Device("net", nic.Name, "tx_errors_per_sec"), nic.TxErrorsPerSec);
            Add(values, host, Device("net", nic.Name, "rx_drops_per_sec"), nic.RxDropsPerSec);
            Add(values, host, Device("net", nic.Name, "tx_drops_per_sec"), nic.TxDropsPerSec);
        }

        foreach (var sensor in metrics.Temperatures ?? [])
        {
            values.Add(new(host, Device("temp", sensor.Sensor, "celsius"), sensor.Celsius));
        }

        foreach (var (state, count) in metrics.Tcp ?? new Dictionary<string, long>())
        {
            values.Add(new(host, string.Create(CultureInfo.InvariantCulture, $"tcp.{state}"), count));
        }
    }

    private static void Add(List<MetricValue> values, string entity, string metric, double? value)
    {
        if (value is { } v)
        {
            values.Add(new(entity, metric, v));
        }
    }
}
