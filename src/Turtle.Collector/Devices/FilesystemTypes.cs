namespace Turtle.Collector.Devices;

/// <summary>
/// Which filesystem types hold data worth watching. Skipped are kernel interfaces (proc, sysfs, cgroup, ...),
/// memory-backed ones (tmpfs, ramfs, devtmpfs: their use is memory, already in the memory metrics), read-only images
/// (squashfs, erofs, iso9660: always 100 % full, an alert that means nothing) and overlay (a view over another
/// filesystem, counted where it really lives: on OpenWrt the writable <c>/overlay</c>, on a container host the disk
/// under <c>/var/lib/docker</c>). Kept: everything else, such as ext4, xfs, btrfs, zfs, f2fs, vfat, jffs2, ubifs, nfs
/// and cifs.
/// </summary>
internal static class FilesystemTypes
{
    private static readonly HashSet<string> Pseudo = new(StringComparer.Ordinal)
    {
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "efivarfs",
        "erofs", "fusectl", "hugetlbfs", "iso9660", "mqueue", "nsfs", "overlay", "proc", "procfs", "pstore", "ramfs",
        "rootfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs", "tracefs",
    };

    private static readonly HashSet<string> Network = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "9p", "fuse.sshfs",
    };

    public static bool IsPseudo(string type) => Pseudo.Contains(type);

    /// <summary>Whether asking the size of <paramref name="type"/> can hang on a dead server.</summary>
    public static bool IsNetwork(string type) => Network.Contains(type);
}
