using Turtle.Collector.Linux;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Linux;

/// <summary>Facts from the fixtures, and the CPU model across the architectures' cpuinfo dialects.</summary>
public class FactsReaderTests
{
    [Fact]
    public void Facts_of_the_x86_machine()
    {
        using var tree = new FixtureTree("x86-vm");
        var files = new HostFiles(tree.Root);
        var memory = new MemoryMetrics(1000, 500, 0, 0);
        List<FilesystemFact> filesystems = [new("/", "/dev/vda", "ext4", 1000)];

        var facts = new FactsReader(files, new BootClock(files)).Read(memory, filesystems);

        Assert.Equal(("Debian GNU/Linux 12 (bookworm)", "6.18.44-fc-v669", "x86_64", "AMD EPYC", 2),
            (facts.Os, facts.Kernel, facts.Arch, facts.CpuModel, facts.CpuCount));
        Assert.Equal((1000L, 0L, DateTimeOffset.FromUnixTimeSeconds(1795324398)), (facts.MemoryBytes, facts.SwapBytes, facts.BootTime));
        Assert.Same(filesystems, facts.Filesystems);
        Assert.Equal([new DiskFact("vda", 536870912L * 512)], facts.Disks); // zram0 and loop0 are not disks
        Assert.Equal(["eth0", "ifb0", "ifb1"], facts.Interfaces!.Select(i => i.Name)); // lo is not
        Assert.Equal(("02:fc:00:00:00:01", null, 1400), (facts.Interfaces![0].Mac, facts.Interfaces[0].SpeedMbps, facts.Interfaces[0].Mtu)); // speed -1: unknown
        Assert.Null(facts.Interfaces[0].Addresses); // only asked of the live system
        Assert.Equal("vm", new FactsReader(files, new BootClock(files)).HostName());
    }

    [Fact]
    public void Facts_of_the_OpenWrt_router()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var files = new HostFiles(tree.Root);

        var facts = new FactsReader(files, new BootClock(files)).Read(null, null);

        // Kernel 5.15 has no /proc/sys/kernel/arch, and a fixture is not this machine: arch unknown.
        Assert.Equal(("OpenWrt 23.05.2", "5.15.137", null, "ARM Cortex-A53", 4), (facts.Os, facts.Kernel, facts.Arch, facts.CpuModel, facts.CpuCount));
        Assert.Equal(
            [new DiskFact("mtdblock0", 2048 * 512), new DiskFact("mtdblock1", 1024 * 512), new DiskFact("sda", 30031872L * 512, "Cruzer Blade")],
            facts.Disks);
        Assert.Equal(
            [("br-lan", (int?)null), ("eth0", 2500), ("lan1", 1000), ("phy0-ap0", null), ("wan", null)],
            facts.Interfaces!.Select(i => (i.Name, i.SpeedMbps)));
    }

    [Theory]
    [InlineData("system type\t\t: MediaTek MT7621 ver:1 eco:3\nmachine\t\t\t: Xiaomi Mi Router 4A\nprocessor\t\t: 0\ncpu model\t\t: MIPS 1004Kc V2.15\nBogoMIPS\t\t: 584.90\n\nprocessor\t\t: 1\ncpu model\t\t: MIPS 1004Kc V2.15\n", "MediaTek MT7621 ver:1 eco:3 (MIPS 1004Kc V2.15)", 2)]
    [InlineData("Processor\t: ARMv7 Processor rev 5 (v7l)\nprocessor\t: 0\nBogoMIPS\t: 38.40\n\nprocessor\t: 1\nBogoMIPS\t: 38.40\n\nHardware\t: Qualcomm (Flattened Device Tree)\n", "ARMv7 Processor rev 5 (v7l)", 2)]
    [InlineData("processor\t: 0\nmodel name\t: ARMv7 Processor rev 10 (v7l)\nBogoMIPS\t: 6.00\n\nHardware\t: BCM2835\n", "ARMv7 Processor rev 10 (v7l)", 1)]
    [InlineData("processor\t: 0\nCPU implementer\t: 0x51\nCPU part\t: 0x801\n", null, 1)]
    public void Cpu_model_across_architectures(string cpuinfo, string? model, int count)
    {
        using var tree = new FixtureTree("openwrt-arm64");
        tree.Write("proc/cpuinfo", cpuinfo);

        Assert.Equal((model, count), CpuInfo.Read(new HostFiles(tree.Root)));
    }

    [Fact]
    public void Without_a_cpu_model_the_device_tree_names_the_board()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        tree.Write("proc/cpuinfo", "processor\t: 0\nCPU implementer\t: 0x51\n");
        tree.Write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");

        Assert.Equal(("Raspberry Pi 4 Model B Rev 1.4", 1), CpuInfo.Read(new HostFiles(tree.Root)));
    }
}
