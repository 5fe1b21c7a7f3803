using System.Globalization;
using System.Text;
using Turtle.Collector.Linux;

namespace Turtle.Collector.Citizen;

/// <summary>
/// Measures the collector's own cost from <c>/proc/self/stat</c> (user + system CPU ticks), <c>/proc/self/statm</c>
/// (resident pages) and <c>/proc/uptime</c> (the clock both are on). The first period runs from the process's start,
/// so it includes start-up. Elsewhere than Linux, CPU reads 0 and memory the runtime's working set. Thread-safe.
/// </summary>
public sealed class SelfMonitor
{
    private readonly Lock _lock = new();
    private readonly string _proc;
    private readonly double _ticksPerSecond;
    private readonly long _pageSize = Environment.SystemPageSize;
    private double _lastUptime;
    private ulong _lastTicks;
    private SelfUsage _latest;

    /// <param name="proc">Where /proc is (tests may point elsewhere). <value>Default <c>/proc</c>.</value></param>
    public SelfMonitor(string proc = "/proc")
    {
        _proc = proc;
        _ticksPerSecond = ClockTicks.OfThisMachine();
        if (TryReadStat(out var stat, out var rss))
        {
            _lastUptime = stat.StartTicks / _ticksPerSecond;
            _latest = new SelfUsage(0, rss, 0, 0);
        }
        else
        {
            _latest = new SelfUsage(0, Environment.WorkingSet, 0, 0);
        }
    }

    /// <summary>The last measurement (<see cref="Measure"/>); CPU 0 before the first.</summary>
    public SelfUsage Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Measures the period since the last call (since the process started, the first time).</summary>
    public SelfUsage Measure()
    {
        lock (_lock)
        {
            if (!TryReadUptime(out var uptime) || !TryReadStat(out var stat, out var rss))
            {
                return _latest = new SelfUsage(0, Environment.WorkingSet, 0, 0);
            }

            var elapsed = uptime - _lastUptime;
            var cpuSeconds = (stat.CpuTicks - Math.Min(_lastTicks, stat.CpuTicks)) / _ticksPerSecond;
            _lastUptime = uptime;
            _lastTicks = stat.CpuTicks;
            var percent = elapsed > 0 ? Math.Round(Math.Clamp(100 * cpuSeconds / elapsed, 0, 100 * Environment.ProcessorCount), 2) : 0;
            return _latest = new SelfUsage(percent, rss, cpuSeconds, Math.Max(elapsed, 0));
        }
    }

    private bool TryReadStat(out ProcessStat stat, out long rssBytes)
    {
        stat = default;
        rssBytes = 0;
        try
        {
            if (!ProcessStat.TryParse(File.ReadAllBytes(Path.Join(_proc, "self/stat")), out stat, out _))
            {
                return false;
            }

            // statm: size resident shared text lib data dt, in pages.
            var statm = File.ReadAllText(Path.Join(_proc, "self/statm")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            rssBytes = statm.Length > 1 && long.TryParse(statm[1], CultureInfo.InvariantCulture, out var pages) ? pages * _pageSize : 0;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private bool TryReadUptime(out double uptime)
    {
        uptime = 0;
        try
        {
            var text = Encoding.ASCII.GetString(File.ReadAllBytes(Path.Join(_proc, "uptime")));
            var end = text.IndexOf(' ');
            return double.TryParse(end < 0 ? text : text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out uptime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
