using Turtle.Collector.Counters;
using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Scrape;

/// <summary>
/// Maps node_exporter metrics (the Go exporter's names, which prometheus-node-exporter-lua on OpenWrt shares) into a
/// host sample. Counters become rates between consecutive scrapes, so the first scrape has no CPU, disk or interface
/// rates. Devices are kept or skipped by the same rules as when sampling /proc (<see cref="FilesystemTypes"/>,
/// <see cref="DiskNames"/> with partitions recognized by name, loopback skipped), so both modes report alike.
/// </summary>
public sealed class NodeExporterMapper
{
    // In the order of the counters' constructor arguments.
    private static readonly string[] DiskMetrics =
    [
        "node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_reads_completed_total", "node_disk_writes_completed_total",
        "node_disk_io_time_seconds_total",
    ];

    private static readonly string[] InterfaceMetrics =
    [
        "node_network_receive_bytes_total", "node_network_transmit_bytes_total", "node_network_receive_errs_total", "node_network_transmit_errs_total",
        "node_network_receive_drop_total", "node_network_transmit_drop_total",
    ];

    private readonly DeviceRates<DiskCounters, DiskIo> _disks = new();
    private readonly DeviceRates<InterfaceCounters, InterfaceTraffic> _interfaces = new();
    private CpuTimes? _cpuBefore;

    /// <summary>Maps one scrape taken at <paramref name="time"/>, <paramref name="elapsedSeconds"/> after the previous one (null for the first).</summary>
    public HostSample Map(PrometheusScrape scrape, DateTimeOffset time, double? elapsedSeconds, bool includeFacts)
    {
        var memory = Memory(scrape);
        var filesystems = NodeExporterFilesystems.Read(scrape);
        var metrics = new HostMetrics
        {
            Cpu = Cpu(scrape),
            Load = Load(scrape),
            Memory = memory,
            Filesystems = filesystems?.Select(f => f.Usage).ToList(),
            Disks = Disks(scrape, elapsedSeconds),
            Interfaces = Interfaces(scrape, elapsedSeconds),
            Temperatures = NodeExporterTemperatures.Read(scrape),
            Tcp = Tcp(scrape),
        };
        var facts = includeFacts ? NodeExporterFacts.Read(scrape, memory, filesystems?.Select(f => f.Fact).ToList()) : null;
        return new HostSample(time, facts, metrics, null, null, includeFacts ? NodeExporterFacts.NodeName(scrape) : null);
    }

    private CpuMetrics? Cpu(PrometheusScrape scrape)
    {
        var samples = scrape.Named("node_cpu_seconds_total");
        if (samples.Count == 0)
        {
            return null;
        }

        // Summed over CPUs, per mode, like the cpu line of /proc/stat.
        double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
        foreach (var sample in samples)
        {
            if (!double.IsFinite(sample.Value))
            {
                continue;
            }

            switch (sample.Label("mode"))
            {
                case "user": user += sample.Value; break;
                case "nice": nice += sample.Value; break;
                case "system": system += sample.Value; break;
                case "idle": idle += sample.Value; break;
                case "iowait": iowait += sample.Value; break;
                case "irq": irq += sample.Value; break;
                case "softirq": softirq += sample.Value; break;
                case "steal": steal += sample.Value; break;
            }
        }

        var now = new CpuTimes(user, nice, system, idle, iowait, irq, softirq, steal);
        var before = _cpuBefore;
        _cpuBefore = now;
        return before is { } b ? CpuTimes.Shares(b, now) : null;
    }

    private static LoadMetrics? Load(PrometheusScrape scrape) =>
        ScrapeValues.Finite(scrape.Value("node_load1")) is { } avg1 && ScrapeValues.Finite(scrape.Value("node_load5")) is { } avg5
        && ScrapeValues.Finite(scrape.Value("node_load15")) is { } avg15 && Math.Min(avg1, Math.Min(avg5, avg15)) >= 0
            ? new LoadMetrics(avg1, avg5, avg15)
            : null;

    private static MemoryMetrics? Memory(PrometheusScrape scrape)
    {
        if (ScrapeValues.Bytes(scrape.Value("node_memory_MemTotal_bytes")) is not { } total)
        {
            return null;
        }

        // Kernels before 3.14 have no MemAvailable; free + buffers + cached stands in, as on /proc.
        var available = ScrapeValues.Bytes(scrape.Value("node_memory_MemAvailable_bytes"))
            ?? ScrapeValues.Bytes(scrape.Value("node_memory_MemFree_bytes")) + (ScrapeValues.Bytes(scrape.Value("node_memory_Buffers_bytes")) ?? 0)
            + (ScrapeValues.Bytes(scrape.Value("node_memory_Cached_bytes")) ?? 0)
            ?? 0;
        var swapTotal = ScrapeValues.Bytes(scrape.Value("node_memory_SwapTotal_bytes"));
        var swapFree = ScrapeValues.Bytes(scrape.Value("node_memory_SwapFree_bytes"));
        long? swapUsed = swapTotal is { } st && swapFree is { } sf ? Math.Clamp(st - sf, 0, st) : null;
        return new MemoryMetrics(total, Math.Clamp(available, 0, total), swapTotal, swapUsed);
    }

    private List<DiskIo>? Disks(PrometheusScrape scrape, double? elapsedSeconds)
    {
        var c = ScrapeValues.ByDevice(scrape, DiskMetrics);
        _disks.Begin(elapsedSeconds);
        foreach (var (device, read) in c[0])
        {
            if (!DiskNames.IsVirtual(device) && !DiskNames.LooksLikePartition(device) && c[1].Get(device) is { } written)
            {
                _disks.Add(device, new DiskCounters(read, written, c[2].Get(device), c[3].Get(device), c[4].Get(device)));
            }
        }

        return _disks.End();
    }

    private List<InterfaceTraffic>? Interfaces(PrometheusScrape scrape, double? elapsedSeconds)
    {
        var c = ScrapeValues.ByDevice(scrape, InterfaceMetrics);
        _interfaces.Begin(elapsedSeconds);
        foreach (var (device, rx) in c[0])
        {
            if (device != "lo" && c[1].Get(device) is { } tx)
            {
                _interfaces.Add(device, new InterfaceCounters(rx, tx, c[2].Get(device), c[3].Get(device), c[4].Get(device), c[5].Get(device)));
            }
        }

        return _interfaces.End();
    }

    private static Dictionary<string, long>? Tcp(PrometheusScrape scrape)
    {
        var states = ScrapeValues.ByLabel(scrape, "node_tcp_connection_states", "state");
        var counts = states.Where(s => TcpStates.All.Contains(s.Key) && s.Value is >= 0 and <= int.MaxValue)
            .ToDictionary(s => s.Key, s => (long)s.Value, StringComparer.Ordinal);
        return counts.Count == 0 ? null : counts;
    }
}
