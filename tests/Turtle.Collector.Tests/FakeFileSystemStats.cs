using Turtle.Collector.Linux;

namespace Turtle.Collector.Tests;

/// <summary>Filesystem sizes for fixture trees, by mount point; a mount it does not list cannot be asked.</summary>
internal sealed class FakeFileSystemStats(Dictionary<string, FileSystemSpace> spaces) : IFileSystemStats
{
    public List<string> Asked { get; } = [];

    /// <summary>Sizes for every real mount of the fixtures: 1 GiB blocks of which some are used.</summary>
    public static FakeFileSystemStats ForFixtures() => new(new Dictionary<string, FileSystemSpace>
    {
        ["/"] = new(TotalBytes: 100L << 30, FreeBytes: 75L << 30, AvailableBytes: 70L << 30, Inodes: 1000, FreeInodes: 900),
        ["/overlay"] = new(TotalBytes: 100L << 20, FreeBytes: 80L << 20, AvailableBytes: 80L << 20, Inodes: 0, FreeInodes: 0),
        ["/mnt/usb stick"] = new(TotalBytes: 16L << 30, FreeBytes: 4L << 30, AvailableBytes: 4L << 30, Inodes: 0, FreeInodes: 0),
    });

    public bool TryGetSpace(string mountPoint, out FileSystemSpace space)
    {
        Asked.Add(mountPoint);
        return spaces.TryGetValue(mountPoint, out space);
    }
}
