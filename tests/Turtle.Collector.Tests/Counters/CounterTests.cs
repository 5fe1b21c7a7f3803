using Turtle.Collector.Counters;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Counters;

public class CounterTests
{
    [Fact]
    public void A_counter_that_went_backwards_has_no_rate()
    {
        Assert.Equal(20, Rates.PerSecond(100, 200, 5));
        Assert.Null(Rates.PerSecond(200, 100, 5));
        Assert.Null(Rates.PerSecond(100, 200, 0));
        Assert.Null(Rates.PerSecond(null, 200, 5));
    }

    [Fact]
    public void Disk_utilization_is_capped_at_100_percent()
    {
        var before = new DiskCounters(0, 0, 0, 0, IoSeconds: 0);
        var now = new DiskCounters(0, 0, 0, 0, IoSeconds: 6); // merged requests can count more busy time than wall time

        Assert.Equal(100, now.RatesSince(before, "sda", 5)!.UtilPercent);
    }

    [Fact]
    public void Device_rates_wait_for_a_second_reading_and_skip_names_the_schema_refuses()
    {
        var rates = new DeviceRates<DiskCounters, DiskIo>();
        rates.Begin(null);
        rates.Add("sda", new DiskCounters(0, 0, null, null, null));
        Assert.Null(rates.End());

        rates.Begin(2);
        rates.Add("sda", new DiskCounters(100, 50, null, null, null));
        rates.Add("sdb", new DiskCounters(100, 50, null, null, null)); // first seen now
        rates.Add("bad]name", new DiskCounters(100, 50, null, null, null));

        Assert.Equal([new DiskIo("sda", 50, 25)], rates.End());
    }

    [Fact]
    public void History_forgets_a_device_missing_from_a_sample()
    {
        var history = new CounterHistory<double>();
        history.Begin();
        Assert.False(history.Swap("eth0", 1, out _));
        history.End();
        history.Begin();
        Assert.True(history.Swap("eth0", 2, out var before));
        Assert.Equal(1, before);
        history.End();
        history.Begin();
        history.End(); // eth0 unplugged for one sample
        history.Begin();

        Assert.False(history.Swap("eth0", 50, out _)); // back: starts over rather than spanning its absence
    }

    [Fact]
    public void Cpu_shares_of_no_elapsed_time_are_absent()
    {
        var times = new CpuTimes(1, 1, 1, 1, 1, 1, 1, 1);

        Assert.Null(CpuTimes.Shares(times, times));
        Assert.Equal(new CpuMetrics(100, 100, 0, 0, 0), CpuTimes.Shares(times, times with { User = 11 }));
    }
}
