using System.Text.RegularExpressions;

namespace Turtle.Collector.Devices;

/// <summary>
/// Which block devices count as disks. Skipped: loop devices (mounted images, their I/O lands on a real disk already
/// counted), RAM disks and zram (memory, not storage; zram swap shows up in swap), floppies, and partitions (their I/O
/// is their disk's, so summing would count it twice). Device-mapper (<c>dm-*</c>) and software RAID (<c>md*</c>) are
/// kept: they are what filesystems sit on. This is node_exporter's default rule, so both modes name the same disks.
/// </summary>
internal static partial class DiskNames
{
    /// <summary>Whether <paramref name="name"/> is a memory-backed or loop device.</summary>
    public static bool IsVirtual(string name) => VirtualPattern().IsMatch(name);

    /// <summary>
    /// Whether <paramref name="name"/> looks like a partition (<c>sda1</c>, <c>nvme0n1p2</c>, <c>mmcblk0p1</c>). Used
    /// where <c>/sys/block</c> (which lists whole disks only) cannot be read, such as a scraped host.
    /// </summary>
    public static bool LooksLikePartition(string name) => PartitionPattern().IsMatch(name);

    [GeneratedRegex(@"^(z?ram|loop|fd)\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VirtualPattern();

    [GeneratedRegex(@"^((h|s|v|xv)d[a-z]+\d+|nvme\d+n\d+p\d+|mmcblk\d+p\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();
}
