using System.Globalization;

namespace Turtle.Collector.Tests;

/// <summary>
/// This machine's /proc files and root filesystem read directly, with plain string parsing and .NET's own
/// <see cref="DriveInfo"/> rather than the collector's readers, so a test can hold the collector's values against them.
/// </summary>
internal sealed record ProcSnapshot(
    long MemTotalBytes,
    long MemAvailableBytes,
    double[] Load,
    double[] CpuModes,
    int CpuCount,
    double Uptime,
    Dictionary<string, (ulong Rx, ulong Tx)> Interfaces,
    long RootSizeBytes,
    long RootUsedBytes)
{
    public static ProcSnapshot Read()
    {
        var meminfo = File.ReadAllLines("/proc/meminfo").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        var stat = File.ReadAllLines("/proc/stat");
        var root = new DriveInfo("/");
        return new ProcSnapshot(
            Kilobytes(meminfo["MemTotal"]),
            Kilobytes(meminfo["MemAvailable"]),
            Numbers(File.ReadAllText("/proc/loadavg")).Take(3).ToArray(),
            Numbers(stat.Single(l => l.StartsWith("cpu ", StringComparison.Ordinal))[4..]).Take(8).ToArray(), // user nice system idle iowait irq softirq steal
            stat.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3])),
            Numbers(File.ReadAllText("/proc/uptime")).First(),
            File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p =>
            {
                var counters = p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => ulong.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                return (counters[0], counters[8]);
            }),
            root.TotalSize,
            root.TotalSize - root.TotalFreeSpace);
    }

    /// <summary>Busy ticks as the collector counts them: everything but idle (3) and iowait (4).</summary>
    public double Busy => CpuModes.Sum() - CpuModes[3] - CpuModes[4];

    public double TotalTicks => CpuModes.Sum();

    private static long Kilobytes(string value) => long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

    private static IEnumerable<double> Numbers(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(n => double.TryParse(n, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
}
