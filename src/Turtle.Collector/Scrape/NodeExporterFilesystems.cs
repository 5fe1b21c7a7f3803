using Turtle.Collector.Counters;
using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Scrape;

/// <summary>
/// Filesystems from <c>node_filesystem_*</c>: size, free (used = size − free, as <c>df</c> and /proc sampling count
/// it; available when free is missing) and inodes. Pseudo filesystem types are skipped as in <see cref="FilesystemTypes"/>,
/// a device mounted twice keeps its first mount point, and filesystems the exporter could not ask
/// (<c>node_filesystem_device_error</c> 1) are left out.
/// </summary>
internal static class NodeExporterFilesystems
{
    public static List<(FilesystemUsage Usage, FilesystemFact Fact)>? Read(PrometheusScrape scrape)
    {
        var sizes = scrape.Named("node_filesystem_size_bytes");
        if (sizes.Count == 0)
        {
            return null;
        }

        var free = ScrapeValues.ByLabel(scrape, "node_filesystem_free_bytes", "mountpoint");
        var available = ScrapeValues.ByLabel(scrape, "node_filesystem_avail_bytes", "mountpoint");
        var files = ScrapeValues.ByLabel(scrape, "node_filesystem_files", "mountpoint");
        var filesFree = ScrapeValues.ByLabel(scrape, "node_filesystem_files_free", "mountpoint");
        var errors = ScrapeValues.ByLabel(scrape, "node_filesystem_device_error", "mountpoint");
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var mounts = new HashSet<string>(StringComparer.Ordinal);
        var filesystems = new List<(FilesystemUsage, FilesystemFact)>();
        foreach (var sample in sizes)
        {
            var mount = sample.Label("mountpoint");
            var type = sample.Label("fstype") ?? "";
            var device = sample.Label("device") ?? "";
            if (mount is null || FilesystemTypes.IsPseudo(type) || !DeviceNames.IsSendable(mount) || errors.Get(mount) > 0
                || ScrapeValues.Bytes(sample.Value) is not { } size || size == 0 || !mounts.Add(mount) || !devices.Add(device)
                || filesystems.Count == ObservationLimits.Default.MaxDevices)
            {
                continue;
            }

            var unused = ScrapeValues.Bytes(free.Get(mount)) ?? ScrapeValues.Bytes(available.Get(mount)) ?? 0;
            double? inodesUsed = files.Get(mount) is > 0 and var total && filesFree.Get(mount) is { } totalFree
                ? Rates.Percent(total - Math.Min(totalFree, total), total)
                : null;
            filesystems.Add((
                new FilesystemUsage(mount, size, Math.Clamp(size - unused, 0, size), inodesUsed),
                new FilesystemFact(mount, device.Length == 0 ? null : DeviceNames.Truncate(device, ObservationLimits.Default.MaxTextLength),
                    type.Length == 0 ? null : DeviceNames.Truncate(type, 64), size)));
        }

        return filesystems;
    }
}
