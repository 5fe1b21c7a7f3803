namespace Turtle.Collector.Linux;

/// <summary>
/// The size and use of a mounted filesystem (what <c>statvfs</c> answers). Behind an interface so tests can give a
/// fixture tree's mounts sizes without mounting anything.
/// </summary>
public interface IFileSystemStats
{
    /// <summary>The space of the filesystem mounted at <paramref name="mountPoint"/> (as the host names it); false when it cannot be asked.</summary>
    bool TryGetSpace(string mountPoint, out FileSystemSpace space);
}

/// <summary>A filesystem's space in bytes and its inodes. <see cref="FreeBytes"/> counts blocks reserved for root, <see cref="AvailableBytes"/> does not.</summary>
public readonly record struct FileSystemSpace(long TotalBytes, long FreeBytes, long AvailableBytes, long Inodes, long FreeInodes)
{
    /// <summary>Bytes in use, as <c>df</c> counts them: total − free.</summary>
    public long UsedBytes => Math.Clamp(TotalBytes - FreeBytes, 0, TotalBytes);

    /// <summary>Inodes in use in percent; null for filesystems without a fixed inode table (btrfs reports 0 inodes).</summary>
    public double? InodesUsedPercent => Inodes <= 0 ? null : Counters.Rates.Percent(Inodes - Math.Min(FreeInodes, Inodes), Inodes);
}
