using Turtle.Collector.Buffering;
using Turtle.Collector.Citizen;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Citizen;

/// <summary>The collector's report on itself.</summary>
public sealed class CollectorSelfTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProcFixture _proc = new();

    public void Dispose()
    {
        _proc.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Reports_the_latest_measurement_and_every_buffer_together()
    {
        _proc.Stat(utime: 0, stime: 0, startTicks: 0).Statm(1000).Uptime(10);
        var monitor = new SelfMonitor(_proc.Path);
        _proc.Stat(utime: (ulong)Turtle.Collector.Linux.ClockTicks.OfThisMachine(), stime: 0, startTicks: 0).Statm(1200).Uptime(20);
        monitor.Measure(); // 1 s of CPU in 20 s: 5 %
        using var web = BatchJson.Open(_dir.Combine("dc1_web-1"));
        using var router = BatchJson.Open(_dir.Combine("dc1_router"));
        web.AppendLine(99);
        web.AppendLine(99);
        router.AppendLine(49);

        var report = new CollectorSelf(monitor, [web, router]).Report();

        Assert.Equal(5, report.CpuPercent);
        Assert.Equal(1200 * Environment.SystemPageSize, report.RssBytes);
        Assert.Equal(3, report.BufferedBatches);
        Assert.Equal(100 + 100 + 50, report.BufferedBytes);
        Assert.Equal(0, report.DroppedBatches);
        Assert.Equal(CollectorSelf.Version, report.Version);
    }

    [Fact]
    public void The_version_fits_the_schema()
    {
        Assert.InRange(CollectorSelf.Version.Length, 1, 64);
        Assert.StartsWith("1.0.0", CollectorSelf.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffer_depths_add_up_field_by_field()
    {
        Assert.Equal(new BufferDepth(3, 30, 5, 7), new BufferDepth(1, 10, 2, 3) + new BufferDepth(2, 20, 3, 4));
    }
}
