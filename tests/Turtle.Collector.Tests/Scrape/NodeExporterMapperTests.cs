using Turtle.Collector.Scrape;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Scrape;

/// <summary>
/// Two scrapes of prometheus-node-exporter-lua on an OpenWrt router, 10 s apart (with the optional filesystem, disk
/// and hwmon collectors), mapped into samples; expected rates worked out by hand from the fixture files.
/// </summary>
public class NodeExporterMapperTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly PrometheusTextParser _parser = new();
    private readonly NodeExporterMapper _mapper = new();

    [Fact]
    public void The_first_scrape_has_facts_and_levels_but_no_rates()
    {
        var sample = _mapper.Map(Scrape(1), Time, null, includeFacts: true);

        Assert.Null(sample.Metrics.Cpu);
        Assert.Null(sample.Metrics.Disks);
        Assert.Null(sample.Metrics.Interfaces);
        Assert.Equal(new LoadMetrics(0.21, 0.15, 0.1), sample.Metrics.Load);
        Assert.Equal(new MemoryMetrics(251658240, 150994944, 0, 0), sample.Metrics.Memory);
        Assert.Equal("gw-dc2", sample.HostName);
        var facts = sample.Facts!;
        Assert.Equal(("OpenWrt 23.05.2", "5.15.137", "aarch64", "ARMv8 Processor rev 4", 2), (facts.Os, facts.Kernel, facts.Arch, facts.CpuModel, facts.CpuCount));
        Assert.Equal((251658240L, 0L, DateTimeOffset.FromUnixTimeSeconds(1795238000)), (facts.MemoryBytes, facts.SwapBytes, facts.BootTime));
        Assert.Equal([new FilesystemFact("/overlay", "/dev/mtdblock6", "jffs2", 58720256), new FilesystemFact("/mnt/sda1", "/dev/sda1", "ext4", 31474057216)], facts.Filesystems);
        Assert.Null(facts.Interfaces); // the lua exporter has no node_network_info
    }

    [Fact]
    public void The_second_scrape_has_rates_over_the_interval()
    {
        _mapper.Map(Scrape(1), Time, null, includeFacts: true);

        var metrics = _mapper.Map(Scrape(2), Time.AddSeconds(10), 10, includeFacts: false).Metrics;

        // CPU seconds over both CPUs: user +7, system +2, softirq +1, idle +10 (guest is inside user already).
        Assert.Equal(new CpuMetrics(50, 35, 15, 0, 0), metrics.Cpu);

        // squashfs /rom, tmpfs /tmp and the overlay / are skipped; used = size - free.
        Assert.Equal(
        [
            new FilesystemUsage("/overlay", 58720256, 58720256 - 52428800, null),
            new FilesystemUsage("/mnt/sda1", 31474057216, 31474057216 - 20000000000, 1.11), // 21360 of 1921360 inodes
        ], metrics.Filesystems);

        // sda1 is a partition of sda.
        Assert.Equal(
        [
            new DiskIo("mtdblock0", 0, 0, 0, 0, 0),
            new DiskIo("sda", 104857.6, 52428.8, 5, 2, 10),
        ], metrics.Disks);

        // lo is skipped.
        Assert.Equal(
        [
            new InterfaceTraffic("eth0", 1_000_000, 200_000, 0, 0, 1, 0),
            new InterfaceTraffic("br-lan", 100_000, 900_000, 0, 0, 0, 0),
            new InterfaceTraffic("wlan0", 0, 0, 0, 0, 0, 0),
        ], metrics.Interfaces);

        // The NaN reading of temp2 is dropped.
        Assert.Equal([new Temperature("mtk_thermal/cpu", 48.5), new Temperature("mt7615_phy0/temp1", 41), new Temperature("cpu-thermal", 48.2)], metrics.Temperatures);
        Assert.Null(metrics.Tcp);
    }

    [Fact]
    public void Both_scrapes_pass_the_observation_reader()
    {
        var first = _mapper.Map(Scrape(1), Time, null, includeFacts: true);
        var second = _mapper.Map(Scrape(2), Time.AddSeconds(10), 10, includeFacts: false);

        ObservationCheck.AssertAccepted(first.ToObservation("scraper-1", 1, "dc2", "gw", 10));
        ObservationCheck.AssertAccepted(second.ToObservation("scraper-1", 2, "dc2", "gw", 10));
    }

    [Fact]
    public void Go_exporter_extras_name_interfaces_tcp_states_and_the_os()
    {
        var scrape = _parser.Parse("""
            node_os_info{id="debian",name="Debian GNU/Linux",pretty_name="Debian GNU/Linux 12 (bookworm)",version="12 (bookworm)"} 1
            node_cpu_info{cpu="0",model_name="Intel(R) Celeron(R) N5105 @ 2.00GHz"} 1
            node_network_info{address="00:e0:67:00:00:01",device="enp1s0",operstate="up"} 1
            node_network_info{address="00:00:00:00:00:00",device="lo",operstate="unknown"} 1
            node_network_mtu_bytes{device="enp1s0"} 1500
            node_network_speed_bytes{device="enp1s0"} 3.125e+08
            node_tcp_connection_states{state="established"} 12
            node_tcp_connection_states{state="time_wait"} 3
            node_tcp_connection_states{state="bogus"} 1
            node_load1 NaN
            node_load5 0.1
            node_load15 0.1
            node_memory_MemTotal_bytes 8e9
            node_memory_MemFree_bytes 1e9
            node_memory_Buffers_bytes 2e8
            node_memory_Cached_bytes 3e9
            """);

        var sample = _mapper.Map(scrape, Time, null, includeFacts: true);

        Assert.Equal(("Debian GNU/Linux 12 (bookworm)", "Intel(R) Celeron(R) N5105 @ 2.00GHz"), (sample.Facts!.Os, sample.Facts.CpuModel));
        Assert.Equal([new InterfaceFact("enp1s0", "00:e0:67:00:00:01", null, 2500, 1500)], sample.Facts.Interfaces);
        Assert.Equal(new Dictionary<string, long> { ["established"] = 12, ["time_wait"] = 3 }, sample.Metrics.Tcp);
        Assert.Null(sample.Metrics.Load); // NaN cannot be sent
        Assert.Equal(new MemoryMetrics(8_000_000_000, 4_200_000_000), sample.Metrics.Memory); // no MemAvailable: free + buffers + cached
    }

    [Fact]
    public void A_counter_reset_between_scrapes_gives_that_device_no_rate()
    {
        _mapper.Map(_parser.Parse("node_network_receive_bytes_total{device=\"wan\"} 5000\nnode_network_transmit_bytes_total{device=\"wan\"} 5000\n"), Time, null, false);

        var metrics = _mapper.Map(_parser.Parse("node_network_receive_bytes_total{device=\"wan\"} 100\nnode_network_transmit_bytes_total{device=\"wan\"} 6000\n"), Time, 10, false).Metrics;

        Assert.Empty(metrics.Interfaces!); // the router rebooted, or a 32-bit counter wrapped
    }

    private PrometheusScrape Scrape(int number) =>
        _parser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "node-exporter-lua", $"scrape-{number}.prom")));
}
