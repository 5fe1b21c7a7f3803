using Turtle.Collector.Citizen;
using Turtle.Collector.Linux;

namespace Turtle.Collector.Tests.Citizen;

/// <summary>The collector's own CPU and memory from a fixture /proc.</summary>
public sealed class SelfMonitorTests : IDisposable
{
    private static readonly double Hz = ClockTicks.OfThisMachine();
    private static readonly long Page = Environment.SystemPageSize;

    private readonly ProcFixture _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void Before_measuring_the_latest_has_no_cpu_and_the_resident_memory_from_statm()
    {
        _proc.Stat(utime: 0, stime: 0, startTicks: 10 * (ulong)Hz).Statm(2500).Uptime(10);

        Assert.Equal(new SelfUsage(0, 2500 * Page, 0, 0), new SelfMonitor(_proc.Path).Latest);
    }

    [Fact]
    public void The_first_period_runs_from_the_process_start_and_each_next_from_the_last_measurement()
    {
        // Started 10 s after boot; at 20 s it has used 1 s of CPU (half user, half system): 10 % over 10 s.
        _proc.Stat(utime: (ulong)(0.5 * Hz), stime: (ulong)(0.5 * Hz), startTicks: (ulong)(10 * Hz)).Statm(2500).Uptime(20);
        var monitor = new SelfMonitor(_proc.Path);

        var first = monitor.Measure();

        Assert.Equal(new SelfUsage(10, 2500 * Page, 1, 10), first);
        Assert.Equal(first, monitor.Latest);

        // 5 s later, 0.25 s more CPU: 5 %; memory grew.
        _proc.Stat(utime: (ulong)(0.75 * Hz), stime: (ulong)(0.5 * Hz), startTicks: (ulong)(10 * Hz)).Statm(3000).Uptime(25);

        var second = monitor.Measure();

        Assert.Equal(5, second.CpuPercent, 6);
        Assert.Equal(0.25, second.CpuSeconds, 6);
        Assert.Equal(5, second.ElapsedSeconds, 6);
        Assert.Equal(3000 * Page, second.RssBytes);
    }

    [Fact]
    public void Cpu_is_rounded_to_two_decimals_and_held_to_all_cpus()
    {
        _proc.Stat(utime: 1, stime: 0, startTicks: 0).Statm(1).Uptime(3 * Hz / 100);
        var monitor = new SelfMonitor(_proc.Path);

        // 1 tick in 3/100 s of Hz ticks... 1/Hz s of CPU over 0.03*Hz s: a repeating decimal.
        var usage = monitor.Measure();
        Assert.Equal(Math.Round(100 * (1 / Hz) / (3 * Hz / 100), 2), usage.CpuPercent);

        // More CPU than the machine has (a clock quirk) is held to every CPU busy.
        _proc.Stat(utime: (ulong)(1000 * Hz), stime: 0, startTicks: 0).Uptime((3 * Hz / 100) + 1);
        Assert.Equal(100 * Environment.ProcessorCount, monitor.Measure().CpuPercent);
    }

    [Fact]
    public void Cpu_ticks_that_go_backwards_count_as_none()
    {
        _proc.Stat(utime: (ulong)(5 * Hz), stime: 0, startTicks: 0).Statm(1).Uptime(100);
        var monitor = new SelfMonitor(_proc.Path);
        monitor.Measure();

        _proc.Stat(utime: (ulong)(1 * Hz), stime: 0, startTicks: 0).Uptime(110);

        var usage = monitor.Measure();
        Assert.Equal(0, usage.CpuPercent);
        Assert.Equal(0, usage.CpuSeconds);
        Assert.Equal(10, usage.ElapsedSeconds, 6);
    }

    [Fact]
    public void An_uptime_that_did_not_move_gives_no_cpu_and_no_negative_period()
    {
        _proc.Stat(utime: 0, stime: 0, startTicks: 0).Statm(1).Uptime(50);
        var monitor = new SelfMonitor(_proc.Path);
        monitor.Measure();
        _proc.Stat(utime: (ulong)Hz, stime: 0, startTicks: 0).Uptime(49);

        var usage = monitor.Measure();

        Assert.Equal(0, usage.CpuPercent);
        Assert.Equal(0, usage.ElapsedSeconds);
    }

    [Theory]
    [InlineData("self/stat")]
    [InlineData("self/statm")]
    [InlineData("uptime")]
    public void A_file_that_cannot_be_read_gives_no_cpu_and_the_working_set(string missing)
    {
        _proc.Stat(utime: 100, stime: 100, startTicks: 0).Statm(2500).Uptime(100);
        var monitor = new SelfMonitor(_proc.Path);
        _proc.Delete(missing);

        var usage = monitor.Measure();

        Assert.Equal(0, usage.CpuPercent);
        Assert.Equal(0, usage.ElapsedSeconds);
        Assert.NotEqual(2500 * Page, usage.RssBytes); // the runtime's working set instead
        Assert.True(usage.RssBytes > 0);
    }

    [Theory]
    [InlineData("self/stat", "garbage\n")]
    [InlineData("uptime", "soon\n")]
    public void A_file_that_does_not_parse_gives_no_cpu(string file, string content)
    {
        _proc.Stat(utime: 100, stime: 100, startTicks: 0).Statm(2500).Uptime(100);
        var monitor = new SelfMonitor(_proc.Path);
        _proc.Write(file, content);

        Assert.Equal(0, monitor.Measure().CpuPercent);
    }

    [Fact]
    public void A_statm_without_a_resident_field_reads_as_no_memory()
    {
        _proc.Stat(utime: 100, stime: 100, startTicks: 0).Write("self/statm", "60000\n").Uptime(100);

        Assert.Equal(0, new SelfMonitor(_proc.Path).Measure().RssBytes);
    }

    [Fact]
    public void Without_the_files_at_the_start_it_measures_from_boot_once_they_appear()
    {
        var monitor = new SelfMonitor(_proc.Path);
        Assert.Equal(0, monitor.Latest.CpuPercent);

        _proc.Stat(utime: (ulong)(2 * Hz), stime: 0, startTicks: 0).Statm(10).Uptime(100);

        var usage = monitor.Measure();
        Assert.Equal(2, usage.CpuPercent, 6);
        Assert.Equal(100, usage.ElapsedSeconds, 6);
    }

    [Fact]
    public void This_process_can_be_measured()
    {
        var monitor = new SelfMonitor();

        var usage = monitor.Measure();

        Assert.True(usage.RssBytes > 0);
        Assert.InRange(usage.CpuPercent, 0, 100 * Environment.ProcessorCount);
    }
}
