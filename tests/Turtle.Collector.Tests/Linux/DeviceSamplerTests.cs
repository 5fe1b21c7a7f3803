using Turtle.Collector.Linux;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Linux;

/// <summary>Disks, interfaces and temperatures: rates over the fixture's 5 s tick, and which devices are skipped.</summary>
public class DeviceSamplerTests
{
    [Fact]
    public void Disk_rates_over_the_interval_for_whole_disks_only()
    {
        using var tree = new FixtureTree("x86-vm");
        var disks = new DiskSampler(new HostFiles(tree.Root));

        Assert.Null(disks.Sample(null));
        tree.Apply("x86-vm.next");

        // vda over 5 s: 2048 sectors read, 4000 written (512 bytes each), 50 reads, 100 writes, 250 ms busy.
        // zram0 and loop0-7 are skipped as virtual.
        var vda = Assert.Single(disks.Sample(5)!);
        Assert.Equal(new DiskIo("vda", 2048 * 512 / 5.0, 4000 * 512 / 5.0, 10, 20, 5), vda);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Disks_listed_in_sys_block_are_kept_and_partitions_skipped(bool sysMounted)
    {
        using var tree = new FixtureTree("openwrt-arm64");
        if (!sysMounted)
        {
            tree.Delete("sys/block"); // then partitions are told by their names
        }

        var disks = new DiskSampler(new HostFiles(tree.Root));
        disks.Sample(null);

        // sda1 is a partition of sda; loop0 and ram0 are virtual; the flash's mtdblocks are disks.
        Assert.Equal(["mtdblock0", "mtdblock1", "sda"], disks.Sample(5)!.Select(d => d.Name));
    }

    [Fact]
    public void Interface_rates_skip_loopback_and_devices_new_in_this_interval()
    {
        using var tree = new FixtureTree("x86-vm");
        var network = new NetworkSampler(new HostFiles(tree.Root));

        Assert.Null(network.Sample(null));
        tree.Apply("x86-vm.next");
        var interfaces = network.Sample(5)!;

        // eth0 over 5 s: +500000 bytes in, +125000 out, 5 receive errors, 10 receive drops, 2 transmit drops.
        // wg0 appears in this tick: no earlier reading, so no rate yet.
        Assert.Equal(["ifb0", "ifb1", "eth0"], interfaces.Select(i => i.Name));
        Assert.Equal(new InterfaceTraffic("eth0", 100_000, 25_000, 1, 0, 2, 0.4), interfaces[2]);
        Assert.Equal(new InterfaceTraffic("ifb0", 0, 0, 0, 0, 0, 0), interfaces[0]);
    }

    [Fact]
    public void Interface_counters_that_go_backwards_give_no_rate_that_interval()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var network = new NetworkSampler(new HostFiles(tree.Root));
        network.Sample(null);
        tree.Write("proc/net/dev", "h\nh\n  wan: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n  lan1: 2345679901 3456789 0 0 0 0 0 1234 9712345678 8023456 0 0 0 0 0 0\n");

        var interfaces = network.Sample(5)!; // wan was reset (a re-created device, or a 32-bit counter wrapped)

        Assert.Equal(new InterfaceTraffic("lan1", 200, 0, 0, 0, 0, 0), Assert.Single(interfaces));
    }

    [Fact]
    public void Temperatures_from_hwmon_and_thermal_zones_in_celsius_with_repeated_names_numbered()
    {
        using var tree = new FixtureTree("openwrt-arm64");

        var temperatures = new TemperatureSampler(new HostFiles(tree.Root)).Sample();

        // hwmon1's temp2 reads -274 °C, below absolute zero: an absent probe, skipped.
        Assert.Equal(
        [
            new Temperature("cpu_thermal/temp1", 52.3),
            new Temperature("mt7915_phy0/radio", 47),
            new Temperature("cpu_thermal/temp1#2", 51.8),
            new Temperature("cpu-thermal", 52.312),
            new Temperature("cpu-thermal#2", 51),
        ], temperatures);
    }

    [Fact]
    public void A_host_without_sensors_has_no_temperatures()
    {
        using var tree = new FixtureTree("x86-vm");

        Assert.Null(new TemperatureSampler(new HostFiles(tree.Root)).Sample());
    }
}
