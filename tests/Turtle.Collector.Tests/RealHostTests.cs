using Turtle.Twin.Observations;
using Xunit.Abstractions;

namespace Turtle.Collector.Tests;

/// <summary>The sampler against this machine's own root: whatever it runs on, what it sends must be accepted and plausible.</summary>
public class RealHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_samples_of_this_machine_pass_the_reader_with_plausible_values()
    {
        var self = File.ReadAllText("/proc/self/comm").Trim(); // watched, so this process is reported however small
        var sampler = new HostSampler(new HostSamplerOptions { Processes = new() { Watched = [self] } });
        var first = sampler.Sample(DateTimeOffset.UtcNow);
        await Task.Delay(TimeSpan.FromSeconds(1)); // rates need real time to pass on the real kernel's clock
        var second = sampler.Sample(DateTimeOffset.UtcNow);

        foreach (var (sample, seq) in new[] { (first, 1L), (second, 2L) })
        {
            ObservationCheck.AssertAccepted(sample.ToObservation("test-collector", seq, "dc1", "this-host", 5));
        }

        Assert.NotNull(first.Facts);
        Assert.Null(second.Facts);
        Assert.Null(first.Metrics.Cpu);
        var cpu = Assert.IsType<CpuMetrics>(second.Metrics.Cpu);
        Assert.InRange(cpu.Percent, 0, 100);
        Assert.True(second.Metrics.Memory!.TotalBytes > 0);
        Assert.NotEmpty(second.Metrics.Filesystems!);
        Assert.True(first.Facts.CpuCount >= 1);
        Assert.Equal(Environment.ProcessorCount, first.Facts.CpuCount);
        Assert.NotNull(second.Processes);
        Assert.Contains(second.Processes, p => p.Pid == Environment.ProcessId && p.Name == self && p.Threads > 1 && p.Fds > 0);
        Assert.All(second.Processes, p => Assert.True(p.StartTime <= DateTimeOffset.UtcNow && p.StartTime >= first.Facts.BootTime!.Value.AddSeconds(-1)));
    }

    [Fact]
    public void Cost_of_a_full_sample_of_this_machine()
    {
        const int Samples = 100;
        var sampler = new HostSampler(new HostSamplerOptions { FactsEvery = TimeSpan.FromDays(1) });
        var time = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            sampler.Sample(time.AddSeconds(i)); // warm up: JIT, caches, the first (facts) sample
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Samples; i++)
        {
            sampler.Sample(time.AddSeconds(5 + i));
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var processes = Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _));
        output.WriteLine($"{Samples} samples: {clock.Elapsed.TotalMilliseconds / Samples:0.00} ms and {allocated / Samples / 1024.0:0.0} KiB allocated per sample ({processes} processes, {Environment.ProcessorCount} CPUs)");

        // Only a gross regression fails here; the numbers are for reading, not for a flaky bound.
        Assert.InRange(allocated / Samples, 1, 10 * 1024 * 1024);
    }
}
