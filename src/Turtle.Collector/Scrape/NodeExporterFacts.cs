using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Scrape;

/// <summary>
/// A scraped host's facts: kernel release, machine and nodename from <c>node_uname_info</c>; OS from
/// <c>node_os_info</c> (else OpenWrt's <c>node_openwrt_info</c>, which the lua exporter has instead); CPU count from the
/// CPUs in <c>node_cpu_seconds_total</c> and model from <c>node_cpu_info</c> (else the OpenWrt SoC); boot time from
/// <c>node_boot_time_seconds</c>; interfaces from <c>node_network_info</c>, <c>_mtu_bytes</c> and <c>_speed_bytes</c>
/// where exported. Disks have no size in node_exporter and are left out.
/// </summary>
internal static class NodeExporterFacts
{
    private static readonly int MaxText = ObservationLimits.Default.MaxTextLength;

    public static HostFacts Read(PrometheusScrape scrape, MemoryMetrics? memory, List<FilesystemFact>? filesystems)
    {
        var uname = First(scrape, "node_uname_info");
        var openWrt = First(scrape, "node_openwrt_info");
        var cpus = scrape.Named("node_cpu_seconds_total").Select(s => s.Label("cpu")).OfType<string>().Distinct().Count();
        return new HostFacts
        {
            Os = DeviceNames.Truncate(Os(scrape, openWrt), MaxText),
            Kernel = DeviceNames.Truncate(NonEmpty(uname?.Label("release")), MaxText),
            Arch = DeviceNames.Truncate(NonEmpty(uname?.Label("machine")), 64),
            CpuModel = DeviceNames.Truncate(NonEmpty(First(scrape, "node_cpu_info")?.Label("model_name")) ?? NonEmpty(openWrt?.Label("system")), MaxText),
            CpuCount = cpus is > 0 and <= 65_536 ? cpus : null,
            MemoryBytes = memory?.TotalBytes,
            SwapBytes = memory?.SwapTotalBytes,
            BootTime = ScrapeValues.Finite(scrape.Value("node_boot_time_seconds")) is > 0 and < 253_402_300_799 and var boot
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(boot * 1000))
                : null,
            Filesystems = filesystems,
            Interfaces = Interfaces(scrape),
        };
    }

    /// <summary>The host's own name (<c>nodename</c> of <c>node_uname_info</c>).</summary>
    public static string? NodeName(PrometheusScrape scrape) => NonEmpty(First(scrape, "node_uname_info")?.Label("nodename"));

    private static string? Os(PrometheusScrape scrape, PrometheusSample? openWrt)
    {
        var os = First(scrape, "node_os_info");
        if (NonEmpty(os?.Label("pretty_name")) is { } pretty)
        {
            return pretty;
        }

        if (NonEmpty(os?.Label("name")) is { } name)
        {
            return NonEmpty(os?.Label("version")) is { } version ? $"{name} {version}" : name;
        }

        return NonEmpty(openWrt?.Label("id")) is { } id ? NonEmpty(openWrt?.Label("release")) is { } release ? $"{id} {release}" : id : null;
    }

    private static List<InterfaceFact>? Interfaces(PrometheusScrape scrape)
    {
        var macs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in scrape.Named("node_network_info"))
        {
            if (sample.Label("device") is { } device && sample.Label("address") is { Length: > 0 and <= 64 } mac)
            {
                macs.TryAdd(device, mac);
            }
        }

        var mtus = ScrapeValues.ByLabel(scrape, "node_network_mtu_bytes", "device");
        var speeds = ScrapeValues.ByLabel(scrape, "node_network_speed_bytes", "device");
        var devices = macs.Keys.Concat(mtus.Keys).Distinct().Where(d => d != "lo" && DeviceNames.IsSendable(d)).Take(ObservationLimits.Default.MaxDevices).ToList();
        return devices.Count == 0
            ? null
            : devices.Select(d => new InterfaceFact(d, macs.GetValueOrDefault(d), null,
                Whole(speeds.Get(d) * 8 / 1_000_000, 10_000_000), Whole(mtus.Get(d), 1_000_000))).ToList();
    }

    private static int? Whole(double? value, int max) => value is >= 0 and var v && v <= max ? (int)v : null;

    private static PrometheusSample? First(PrometheusScrape scrape, string name) => scrape.Named(name) is [var first, ..] ? first : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
