using System.Globalization;

namespace Turtle.Collector.Benchmarks;

/// <summary>A process's CPU time and peak resident memory, read from /proc as the kernel accounts them.</summary>
internal static class ProcessCost
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture the collector targets

    /// <summary>User + system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command (which may hold spaces) start after the last ')': state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The process's peak resident set (VmHWM), in bytes.</summary>
    public static long PeakRssBytes(int pid) => StatusKilobytes(pid, "VmHWM") * 1024;

    private static long StatusKilobytes(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
