using Turtle.Collector.Linux;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Linux;

/// <summary>Which mounts are watched, how their sizes are read, and the guard against hung network mounts.</summary>
public class FilesystemSamplerTests
{
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void Only_real_filesystems_are_watched()
    {
        using var tree = new FixtureTree("x86-vm");
        var stats = FakeFileSystemStats.ForFixtures();
        var sampler = new FilesystemSampler(new HostFiles(tree.Root), stats, NetworkTimeout);

        // proc, sysfs, devtmpfs, devpts, tmpfs, cgroup and cgroup2 are skipped without being asked.
        Assert.Equal([new FilesystemUsage("/", 100L << 30, 25L << 30, 10)], sampler.Sample());
        Assert.Equal(["/"], stats.Asked);
        Assert.Equal([new FilesystemFact("/", "/dev/vda", "ext4", 100L << 30)], sampler.LastFacts());
    }

    [Fact]
    public void On_OpenWrt_the_writable_overlay_and_a_usb_stick_are_watched_read_from_proc_mounts()
    {
        using var tree = new FixtureTree("openwrt-arm64"); // has /proc/mounts only
        var sampler = new FilesystemSampler(new HostFiles(tree.Root), FakeFileSystemStats.ForFixtures(), NetworkTimeout);

        // The squashfs /rom, the overlay /, tmpfs /tmp and /dev are skipped; "\040" in a mount point is a space;
        // /srv/share mounts the stick's device again and is not counted twice. ubifs has no inode table: null.
        Assert.Equal(
        [
            new FilesystemUsage("/overlay", 100L << 20, 20L << 20, null),
            new FilesystemUsage("/mnt/usb stick", 16L << 30, 12L << 30, null),
        ], sampler.Sample());
    }

    [Fact]
    public void A_mount_point_mounted_over_keeps_only_the_visible_mount()
    {
        using var tree = new FixtureTree("x86-vm");
        tree.Write("proc/self/mounts", "/dev/vda / ext4 rw 0 0\n/dev/vdb /data xfs rw 0 0\ntmpfs /data tmpfs rw 0 0\n/dev/vdc /srv btrfs rw 0 0\n/dev/vdd /srv ext4 rw 0 0\n");
        var stats = new FakeFileSystemStats(new()
        {
            ["/"] = new(1000, 500, 500, 0, 0),
            ["/data"] = new(2000, 1000, 1000, 0, 0),
            ["/srv"] = new(4000, 1000, 1000, 0, 0),
        });
        var sampler = new FilesystemSampler(new HostFiles(tree.Root), stats, NetworkTimeout);

        // /data is hidden under a tmpfs (whose size is memory); /srv shows its latest mount, the ext4.
        Assert.Equal(["/", "/srv"], sampler.Sample()!.Select(f => f.Mount));
        Assert.Equal("ext4", sampler.LastFacts()[1].Type);
    }

    [Fact]
    public void Mounts_that_cannot_be_asked_or_have_no_size_are_left_out()
    {
        using var tree = new FixtureTree("x86-vm");
        tree.Write("proc/self/mounts", "/dev/vda / ext4 rw 0 0\n/dev/vdb /gone xfs rw 0 0\n/dev/vdc /empty ext4 rw 0 0\n/dev/vde /bad]name ext4 rw 0 0\n");
        var stats = new FakeFileSystemStats(new() { ["/"] = new(1000, 500, 500, 0, 0), ["/empty"] = new(0, 0, 0, 0, 0) });

        Assert.Equal(["/"], new FilesystemSampler(new HostFiles(tree.Root), stats, NetworkTimeout).Sample()!.Select(f => f.Mount));
        Assert.DoesNotContain("/bad]name", stats.Asked); // a name the schema refuses is never asked
    }

    [Fact]
    public void A_hung_network_mount_is_skipped_until_its_call_returns()
    {
        using var release = new ManualResetEventSlim();
        var stats = new BlockingStats(release);
        var guard = new HungMountGuard(stats, TimeSpan.FromMilliseconds(50));

        Assert.False(guard.TryGetSpace("/nfs", out _)); // waits out the timeout once
        Assert.True(guard.IsStuck("/nfs"));
        Assert.False(guard.TryGetSpace("/nfs", out _)); // does not ask again while the first call hangs
        SpinWait.SpinUntil(() => stats.Calls > 0, TimeSpan.FromSeconds(10)); // the pool may start the call late
        Assert.Equal(1, stats.Calls);

        release.Set();
        var space = default(FileSystemSpace);
        // Once the server is back the mount answers again (after the hung call completes, on a busy pool maybe a try later).
        Assert.True(SpinWait.SpinUntil(() => guard.TryGetSpace("/nfs", out space), TimeSpan.FromSeconds(10)));
        Assert.Equal(1000, space.TotalBytes);
        Assert.False(guard.IsStuck("/nfs"));
    }

    [Fact]
    public void The_libc_statvfs_answers_for_this_machine_root()
    {
        Assert.True(new LibcFileSystemStats().TryGetSpace("/", out var space));
        Assert.True(space.TotalBytes > 0 && space.UsedBytes <= space.TotalBytes && space.AvailableBytes <= space.FreeBytes);
        Assert.False(new LibcFileSystemStats().TryGetSpace("/no/such/mount", out _));
    }

    private sealed class BlockingStats(ManualResetEventSlim release) : IFileSystemStats
    {
        private int _calls;

        public int Calls => _calls;

        public bool TryGetSpace(string mountPoint, out FileSystemSpace space)
        {
            Interlocked.Increment(ref _calls);
            release.Wait();
            space = new FileSystemSpace(1000, 500, 500, 0, 0);
            return true;
        }
    }
}
