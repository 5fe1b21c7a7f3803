using Turtle.Twin.Observations;

namespace Turtle.Collector.Counters;

/// <summary>
/// Cumulative CPU time by mode, summed over all CPUs, in any unit (clock ticks from <c>/proc/stat</c>, seconds from
/// node_exporter): only the shares of a difference are used. Guest time is left out because the kernel already counts
/// it in user and nice.
/// </summary>
internal readonly record struct CpuTimes(double User, double Nice, double System, double Idle, double Iowait, double Irq, double Softirq, double Steal)
{
    /// <summary>
    /// The shares of each mode between <paramref name="before"/> and <paramref name="now"/>: <c>Percent</c> is the busy
    /// share, everything but idle and iowait (a CPU waiting on I/O could run other work); <c>User</c> is user + nice,
    /// <c>System</c> is system + irq + softirq. Null when no time passed.
    /// </summary>
    public static CpuMetrics? Shares(in CpuTimes before, in CpuTimes now)
    {
        // Some kernels let iowait (and, rarely, idle) step backwards between reads; a mode never contributes less than 0.
        var user = Delta(before.User, now.User) + Delta(before.Nice, now.Nice);
        var system = Delta(before.System, now.System) + Delta(before.Irq, now.Irq) + Delta(before.Softirq, now.Softirq);
        var idle = Delta(before.Idle, now.Idle);
        var iowait = Delta(before.Iowait, now.Iowait);
        var steal = Delta(before.Steal, now.Steal);
        var total = user + system + idle + iowait + steal;
        if (total <= 0)
        {
            return null;
        }

        return new CpuMetrics(
            Rates.Percent(user + system + steal, total),
            Rates.Percent(user, total),
            Rates.Percent(system, total),
            Rates.Percent(iowait, total),
            Rates.Percent(steal, total));
    }

    private static double Delta(double before, double now) => Math.Max(0, now - before);
}
