using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>The host's disks and network interfaces as facts, from <c>/sys</c>.</summary>
internal static class DeviceFacts
{
    private const int MaxAddresses = 64;

    /// <summary>
    /// Whole disks from <c>/sys/block</c> (partitions are not listed there), sized from <c>size</c> (always in 512-byte
    /// sectors) and named by <c>device/model</c> where the driver gives one; the same devices are skipped as in
    /// <see cref="DiskNames"/>.
    /// </summary>
    public static List<DiskFact> Disks(HostFiles files)
    {
        var disks = new List<DiskFact>();
        foreach (var path in HostFiles.List(files.PathOf("sys/block")))
        {
            var name = Path.GetFileName(path);
            if (DiskNames.IsVirtual(name) || !DeviceNames.IsSendable(name) || disks.Count == ObservationLimits.Default.MaxDevices)
            {
                continue;
            }

            long? size = long.TryParse(files.ReadTextAt(Path.Join(path, "size")), NumberStyles.None, CultureInfo.InvariantCulture, out var sectors) ? sectors * 512 : null;
            disks.Add(new DiskFact(name, size, DeviceNames.Truncate(files.ReadTextAt(Path.Join(path, "device", "model")), ObservationLimits.Default.MaxTextLength)));
        }

        return disks;
    }

    /// <summary>
    /// Network interfaces from <c>/sys/class/net</c> but loopback: MAC address, speed (left out when the link is down
    /// and the driver answers −1 or an error), MTU. Addresses are asked of the running system, so only when sampling
    /// this machine's own root.
    /// </summary>
    public static List<InterfaceFact> Interfaces(HostFiles files)
    {
        var addresses = files.IsLiveRoot ? LiveAddresses() : null;
        var interfaces = new List<InterfaceFact>();
        foreach (var path in HostFiles.List(files.PathOf("sys/class/net")))
        {
            var name = Path.GetFileName(path);
            if (name == "lo" || !DeviceNames.IsSendable(name) || interfaces.Count == ObservationLimits.Default.MaxDevices)
            {
                continue;
            }

            var mac = files.ReadTextAt(Path.Join(path, "address"));
            interfaces.Add(new InterfaceFact(
                name,
                mac is { Length: <= 64 } ? mac : null,
                addresses?.GetValueOrDefault(name),
                Number(files, Path.Join(path, "speed"), 10_000_000),
                Number(files, Path.Join(path, "mtu"), 1_000_000)));
        }

        return interfaces;
    }

    private static int? Number(HostFiles files, string path, int max) =>
        int.TryParse(files.ReadTextAt(path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max ? value : null;

    private static Dictionary<string, IReadOnlyList<string>> LiveAddresses()
    {
        var byName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                var addresses = nic.GetIPProperties().UnicastAddresses
                    .Where(a => a.Address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                    .Select(a => $"{a.Address.ToString().Split('%')[0]}/{a.PrefixLength.ToString(CultureInfo.InvariantCulture)}")
                    .Where(a => a.Length <= 64)
                    .Take(MaxAddresses)
                    .ToList();
                if (addresses.Count > 0)
                {
                    byName[nic.Name] = addresses;
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No netlink in this sandbox or container: addresses are optional facts.
        }

        return byName;
    }
}
