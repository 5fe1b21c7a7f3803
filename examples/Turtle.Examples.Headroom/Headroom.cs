using System.Globalization;
using Turtle.Twin.Twins;

namespace Turtle.Examples.Headroom;

/// <summary>
/// CPU and memory headroom. A host's CPU headroom is its idle share times its CPU count (idle cores); a DC's is the sum
/// over hosts that report both, so a busy 4-core box and an idle 32-core one weigh as they should. Memory headroom is
/// available bytes (the kernel's MemAvailable), summed. Hosts without metrics are counted but add nothing.
/// </summary>
public static class Headroom
{
    public static IReadOnlyList<string[]> PerDc(IReadOnlyList<DcSnapshot> dcs)
    {
        var rows = new List<string[]> { new[] { "DC", "Status", "Hosts", "CPUs", "Idle CPUs", "CPU headroom", "Memory", "Available", "Memory headroom", "Busiest host" } };
        foreach (var dc in dcs)
        {
            var cpus = dc.Hosts.Sum(h => Cpus(h) ?? 0);
            var idle = dc.Hosts.Sum(h => IdleCpus(h) ?? 0);
            var total = dc.Hosts.Sum(h => h.Metrics?.Memory?.TotalBytes ?? 0);
            var available = dc.Hosts.Sum(h => h.Metrics?.Memory?.AvailableBytes ?? 0);
            var busiest = dc.Hosts.Where(h => h.Metrics?.Cpu is not null).MaxBy(h => h.Metrics!.Cpu!.Percent);
            rows.Add([
                dc.Overview.Name, dc.Overview.Status.ToString(), dc.Overview.HostCount.ToString(CultureInfo.InvariantCulture),
                cpus.ToString(CultureInfo.InvariantCulture), Number(idle), Percent(cpus == 0 ? null : 100 * idle / cpus),
                Bytes(total), Bytes(available), Percent(total == 0 ? null : 100.0 * available / total),
                busiest is null ? "-" : $"{busiest.Key} {Percent(busiest.Metrics!.Cpu!.Percent)}",
            ]);
        }

        return rows;
    }

    public static IReadOnlyList<string[]> PerHost(IReadOnlyList<DcSnapshot> dcs)
    {
        var rows = new List<string[]> { new[] { "Host", "Health", "CPUs", "CPU used", "Idle CPUs", "Memory used", "Available", "Last seen" } };
        foreach (var host in dcs.SelectMany(d => d.Hosts))
        {
            rows.Add([
                host.Key, host.Health.ToString(), Cpus(host)?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Percent(host.Metrics?.Cpu?.Percent), IdleCpus(host) is { } idle ? Number(idle) : "-",
                Percent(host.Metrics?.Memory?.UsedPercent), Bytes(host.Metrics?.Memory?.AvailableBytes),
                host.LastSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ]);
        }

        return rows;
    }

    private static int? Cpus(HostTwin host) => host.Facts?.CpuCount;

    private static double? IdleCpus(HostTwin host) =>
        Cpus(host) is { } cpus && host.Metrics?.Cpu is { } cpu ? cpus * Math.Clamp(100 - cpu.Percent, 0, 100) / 100 : null;

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Bytes(long? value)
    {
        if (value is not { } bytes)
        {
            return "-";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double size = bytes;
        var unit = 0;
        for (; Math.Abs(size) >= 1024 && unit < units.Length - 1; unit++)
        {
            size /= 1024;
        }

        return size.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
