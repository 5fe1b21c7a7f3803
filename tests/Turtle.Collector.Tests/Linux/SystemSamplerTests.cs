using Turtle.Collector.Linux;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Linux;

/// <summary>CPU, load, memory and TCP states from the fixtures; expected values worked out by hand from the files.</summary>
public class SystemSamplerTests
{
    [Fact]
    public void Cpu_is_the_share_of_each_mode_between_two_reads_and_absent_on_the_first()
    {
        using var tree = new FixtureTree("x86-vm");
        var cpu = new CpuSampler(new HostFiles(tree.Root));

        Assert.Null(cpu.Sample());
        tree.Apply("x86-vm.next");

        // The next tick adds 1000 ticks (2 CPUs x 5 s): user 150 + nice 10, system 40 + irq 0 + softirq 10, idle 760,
        // iowait 20, steal 10. Busy = everything but idle and iowait = 220.
        Assert.Equal(new CpuMetrics(Percent: 22, User: 16, System: 5, Iowait: 2, Steal: 1), cpu.Sample());
    }

    [Fact]
    public void Cpu_of_a_four_core_router()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var cpu = new CpuSampler(new HostFiles(tree.Root));
        cpu.Sample();
        tree.Apply("openwrt-arm64.next");

        // 2000 ticks (4 CPUs x 5 s): user 100, system 60, softirq 40, idle 1800.
        Assert.Equal(new CpuMetrics(10, 5, 5, 0, 0), cpu.Sample());
    }

    [Fact]
    public void Cpu_modes_that_step_backwards_count_as_no_time()
    {
        using var tree = new FixtureTree("x86-vm");
        tree.Write("proc/stat", "cpu  100 0 100 1000 50 0 0 0 0 0\n");
        var cpu = new CpuSampler(new HostFiles(tree.Root));
        cpu.Sample();
        tree.Write("proc/stat", "cpu  150 0 150 1100 40 0 0 0 0 0\n"); // iowait 50 -> 40: a known kernel quirk

        Assert.Equal(new CpuMetrics(50, 25, 25, 0, 0), cpu.Sample());
    }

    [Fact]
    public void Load_averages_as_written()
    {
        using var tree = new FixtureTree("x86-vm");

        Assert.Equal(new LoadMetrics(0.96, 1.45, 1.40), new LoadSampler(new HostFiles(tree.Root)).Sample());
    }

    [Fact]
    public void Memory_in_bytes_from_kilobytes()
    {
        using var x86 = new FixtureTree("x86-vm");
        using var router = new FixtureTree("openwrt-arm64");

        Assert.Equal(new MemoryMetrics(24684084L * 1024, 23847320L * 1024, 0, 0), new MemorySampler(new HostFiles(x86.Root)).Sample());
        Assert.Equal(new MemoryMetrics(496012L * 1024, 288732L * 1024, 0, 0), new MemorySampler(new HostFiles(router.Root)).Sample());
    }

    [Fact]
    public void Memory_of_a_kernel_without_MemAvailable_counts_free_buffers_and_cached()
    {
        using var tree = new FixtureTree("x86-vm");
        tree.Write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 300 kB\nBuffers: 50 kB\nCached: 150 kB\nSwapCached: 999 kB\nSwapTotal: 400 kB\nSwapFree: 100 kB\n");

        Assert.Equal(new MemoryMetrics(1_024_000, 512_000, 409_600, 307_200), new MemorySampler(new HostFiles(tree.Root)).Sample());
    }

    [Fact]
    public void Tcp_counts_every_state_over_both_tables()
    {
        using var tree = new FixtureTree("x86-vm");

        var tcp = new TcpSampler(new HostFiles(tree.Root)).Sample()!;

        // tcp: 27 established (01), 7 time_wait (06), 6 listen (0A); tcp6: 3 established.
        Assert.Equal(TcpStates.All.Order(), tcp.Keys.Order());
        Assert.Equal((30, 7, 6), (tcp["established"], tcp["time_wait"], tcp["listen"]));
        Assert.Equal(43, tcp.Values.Sum());
    }

    [Fact]
    public void Tcp_without_an_IPv6_table_counts_IPv4_and_without_either_is_absent()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var sampler = new TcpSampler(new HostFiles(tree.Root));

        var tcp = sampler.Sample()!;
        Assert.Equal((3, 1, 1, 1), (tcp["listen"], tcp["established"], tcp["time_wait"], tcp["close_wait"]));

        tree.Delete("proc/net/tcp");
        Assert.Null(sampler.Sample());
    }

    [Fact]
    public void Netlink_and_the_proc_tables_count_the_same_listening_sockets_on_this_machine()
    {
        var files = new HostFiles("/");
        var viaNetlink = new TcpSampler(files);
        var viaProc = new TcpSampler(files, useNetlink: false);

        // Other tests open and close connections meanwhile; listeners change rarely, so a few tries settle it.
        for (var attempt = 0; ; attempt++)
        {
            var (netlink, proc) = (viaNetlink.Sample()!, viaProc.Sample()!);
            if (netlink["listen"] == proc["listen"] || attempt == 5)
            {
                Assert.Equal(proc["listen"], netlink["listen"]);
                Assert.True(netlink["listen"] > 0);
                break;
            }
        }
    }
}
