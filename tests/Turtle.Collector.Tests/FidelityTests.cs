using Turtle.Twin.Observations;
using Xunit.Abstractions;

namespace Turtle.Collector.Tests;

/// <summary>
/// The collector's values against a direct read of the same files at the same moment, on this live machine. The
/// machine is shared and busy (other builds run beside this one), so nothing is compared with a second read taken
/// "at about the same time": each sample is bracketed by a direct read just before and just after it, and the
/// collector's value must lie between the two, widened only by a stated tolerance where the value can move faster than
/// the bracket is wide. Each tolerance is in its assertion's message, with the reason beside it.
/// </summary>
public class FidelityTests(ITestOutputHelper output)
{
    /// <summary>Rates and shares are sent with two decimals (<c>Rates.Round</c>): half of the last one either way.</summary>
    private const double Rounding = 0.005;

    [Fact]
    public async Task Collector_values_match_a_direct_read_of_the_same_files_at_the_same_moment()
    {
        // No processes: they are not compared here, and a shorter sample keeps each bracket narrow.
        var sampler = new HostSampler(new HostSamplerOptions { Processes = new() { TopByCpu = 0, TopByMemory = 0 } });
        var (before1, first, after1) = Bracket(sampler);
        // About two seconds of ticks: the brackets' own few ticks are then a small part of the interval, so the bounds are tight.
        await WaitForTicksAsync(after1, ticks: 200 * after1.CpuCount);
        var (before2, second, after2) = Bracket(sampler);

        AssertFacts(first, before1);
        AssertMemory(second.Metrics.Memory!, before2, after2);
        AssertLoad(second.Metrics.Load!, before2, after2);
        AssertRootFilesystem(second.Metrics.Filesystems!, before2, after2);
        AssertCpu(second.Metrics.Cpu!, before1, after1, before2, after2);
        AssertInterfaces(second.Metrics.Interfaces!, before1, after1, before2, after2);
    }

    private static (ProcSnapshot Before, HostSample Sample, ProcSnapshot After) Bracket(HostSampler sampler)
    {
        var before = ProcSnapshot.Read();
        var sample = sampler.Sample(DateTimeOffset.UtcNow);
        return (before, sample, ProcSnapshot.Read());
    }

    /// <summary>Waits (bounded) until the kernel has counted <paramref name="ticks"/> more CPU ticks: a condition, not a fixed delay.</summary>
    private static async Task WaitForTicksAsync(ProcSnapshot from, int ticks)
    {
        for (var waited = 0; ProcSnapshot.Read().TotalTicks - from.TotalTicks < ticks; waited++)
        {
            Assert.True(waited < 600, "the kernel's CPU ticks did not advance in 30 s");
            await Task.Delay(50);
        }
    }

    private static void AssertFacts(HostSample first, ProcSnapshot direct)
    {
        // Exact: the online CPUs do not change under a test.
        Assert.Equal(direct.CpuCount, first.Facts!.CpuCount);
        Assert.Equal(direct.MemTotalBytes, first.Facts.MemoryBytes);
    }

    private void AssertMemory(MemoryMetrics memory, ProcSnapshot before, ProcSnapshot after)
    {
        // Total: exact (MemTotal is fixed while the machine runs). Available: between the two reads, give or take 2 % of
        // total, since a build starting beside this test can take or free that much in the milliseconds a bracket lasts.
        Assert.Equal(before.MemTotalBytes, memory.TotalBytes);
        var tolerance = (long)(0.02 * memory.TotalBytes);
        var (low, high) = (Math.Min(before.MemAvailableBytes, after.MemAvailableBytes) - tolerance, Math.Max(before.MemAvailableBytes, after.MemAvailableBytes) + tolerance);
        output.WriteLine($"memory available {memory.AvailableBytes} in [{low}, {high}]");
        Assert.True(memory.AvailableBytes >= low && memory.AvailableBytes <= high,
            $"available memory {memory.AvailableBytes} B is not within 2 % of total ({tolerance} B) of the direct reads {before.MemAvailableBytes} and {after.MemAvailableBytes} B");
    }

    private static void AssertLoad(LoadMetrics load, ProcSnapshot before, ProcSnapshot after)
    {
        // The kernel recomputes the averages every 5 s, so the collector saw the value before or after one update:
        // between the two reads, give or take the file's last printed digit (0.005) for the two parsers.
        double[] collected = [load.Avg1, load.Avg5, load.Avg15];
        for (var i = 0; i < 3; i++)
        {
            var (low, high) = (Math.Min(before.Load[i], after.Load[i]) - Rounding, Math.Max(before.Load[i], after.Load[i]) + Rounding);
            Assert.True(collected[i] >= low && collected[i] <= high, $"load average {i} is {collected[i]}, not between the direct reads {before.Load[i]} and {after.Load[i]} (± 0.005)");
        }
    }

    private static void AssertRootFilesystem(IReadOnlyList<FilesystemUsage> filesystems, ProcSnapshot before, ProcSnapshot after)
    {
        // Size: exact (statvfs of the same filesystem, through .NET's own DriveInfo). Used: between the two reads, give or
        // take 1 % of size, since builds beside this test write to the same disk while the bracket lasts.
        var root = Assert.Single(filesystems, f => f.Mount == "/");
        Assert.Equal(before.RootSizeBytes, root.SizeBytes);
        var tolerance = (long)(0.01 * root.SizeBytes);
        var (low, high) = (Math.Min(before.RootUsedBytes, after.RootUsedBytes) - tolerance, Math.Max(before.RootUsedBytes, after.RootUsedBytes) + tolerance);
        Assert.True(root.UsedBytes >= low && root.UsedBytes <= high,
            $"/ used {root.UsedBytes} B is not within 1 % of size ({tolerance} B) of the direct reads {before.RootUsedBytes} and {after.RootUsedBytes} B");
    }

    private void AssertCpu(CpuMetrics cpu, ProcSnapshot before1, ProcSnapshot after1, ProcSnapshot before2, ProcSnapshot after2)
    {
        // The collector's ticks are the difference of two reads, one inside each bracket: each mode's difference lies
        // between (before2 − after1) and (after2 − before1), and so does each share, once divided by the total's bounds.
        // Iowait gets two ticks per CPU either way: some kernels step it backwards, which the collector counts as 0.
        var iowaitSlack = 2.0 * before1.CpuCount;
        double Low(int mode) => Math.Max(0, before2.CpuModes[mode] - after1.CpuModes[mode] - (mode == 4 ? iowaitSlack : 0));
        double High(int mode) => Math.Max(0, after2.CpuModes[mode] - before1.CpuModes[mode] + (mode == 4 ? iowaitSlack : 0));
        var (totalLow, totalHigh) = (Enumerable.Range(0, 8).Sum(Low), Enumerable.Range(0, 8).Sum(High));

        void InShare(string name, double value, params int[] modes)
        {
            var (low, high) = (100 * modes.Sum(Low) / totalHigh - Rounding, Math.Min(100, 100 * modes.Sum(High) / totalLow) + Rounding);
            output.WriteLine($"cpu {name} {value} in [{low:0.000}, {high:0.000}]");
            Assert.True(value >= low && value <= high, $"CPU {name} {value} % is not within the bounds of the direct reads [{low:0.###}, {high:0.###}] % (± 0.005 for rounding)");
        }

        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait, as the collector counts it.
        InShare("percent", cpu.Percent, 0, 1, 2, 5, 6, 7);
        InShare("user", cpu.User!.Value, 0, 1);
        InShare("system", cpu.System!.Value, 2, 5, 6);
        InShare("iowait", cpu.Iowait!.Value, 4);
        InShare("steal", cpu.Steal!.Value, 7);

        // The modes add up: busy is user + system + steal, and with iowait it cannot pass 100 (three roundings apart).
        Assert.InRange(cpu.Percent, 0, 100);
        Assert.True(Math.Abs(cpu.User.Value + cpu.System.Value + cpu.Steal.Value - cpu.Percent) <= 3 * Rounding,
            $"user {cpu.User} + system {cpu.System} + steal {cpu.Steal} should be the total {cpu.Percent} % (± 0.015 for rounding)");
        Assert.True(cpu.Percent + cpu.Iowait.Value <= 100 + 2 * Rounding, $"busy {cpu.Percent} % and iowait {cpu.Iowait} % pass 100 %");
    }

    private void AssertInterfaces(IReadOnlyList<InterfaceTraffic> interfaces, ProcSnapshot before1, ProcSnapshot after1, ProcSnapshot before2, ProcSnapshot after2)
    {
        // Rates are counter differences over the kernel's uptime between the collector's two reads, both inside the
        // brackets: the bytes between (before2 − after1) and (after2 − before1), the seconds likewise; loopback is left out.
        var names = after2.Interfaces.Keys.Where(n => n != "lo" && before1.Interfaces.ContainsKey(n)).ToList();
        Assert.Equal(names.Order(), interfaces.Select(i => i.Name).Where(names.Contains).Order());
        var (secondsLow, secondsHigh) = (before2.Uptime - after1.Uptime, after2.Uptime - before1.Uptime);
        Assert.True(secondsLow > 0, "the two samples are on the same uptime tick");
        foreach (var traffic in interfaces.Where(i => names.Contains(i.Name)))
        {
            void InRate(string what, double rate, Func<(ulong Rx, ulong Tx), ulong> counter)
            {
                var low = (counter(before2.Interfaces[traffic.Name]) - (double)counter(after1.Interfaces[traffic.Name])) / secondsHigh - Rounding;
                var high = (counter(after2.Interfaces[traffic.Name]) - (double)counter(before1.Interfaces[traffic.Name])) / secondsLow + Rounding;
                output.WriteLine($"{traffic.Name} {what} {rate} in [{low:0.00}, {high:0.00}]");
                Assert.True(rate >= low && rate <= high, $"{traffic.Name} {what} {rate} B/s is not within the bounds of the direct reads [{low:0.##}, {high:0.##}] B/s (± 0.005 for rounding)");
            }

            InRate("rx", traffic.RxBytesPerSec, c => c.Rx);
            InRate("tx", traffic.TxBytesPerSec, c => c.Tx);
        }
    }
}
