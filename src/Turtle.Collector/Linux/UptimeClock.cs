namespace Turtle.Collector.Linux;

/// <summary>
/// Seconds since boot from <c>/proc/uptime</c>: the clock rates are measured on. It is monotonic (a wall clock stepped
/// by NTP would make a rate spike or go negative), and a fixture tree carries its own, so tests get exact rates.
/// </summary>
internal sealed class UptimeClock(HostFiles files)
{
    private readonly string _path = files.PathOf("proc/uptime");

    /// <summary>Seconds since boot; null when the file cannot be read.</summary>
    public double? Now()
    {
        Span<double> uptime = stackalloc double[1];
        return files.TryReadNumbers(_path, uptime) ? uptime[0] : null;
    }
}
