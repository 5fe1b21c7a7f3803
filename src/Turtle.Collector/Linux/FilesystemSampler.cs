using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// Size and use of each mounted filesystem worth watching (see <see cref="MountTable"/> for which), asked through
/// <see cref="IFileSystemStats"/>; network filesystems through a <see cref="HungMountGuard"/>. Filesystems whose size
/// cannot be asked, or is 0 (nothing can fill it), are left out.
/// </summary>
internal sealed class FilesystemSampler(HostFiles files, IFileSystemStats stats, TimeSpan networkTimeout)
{
    private readonly MountTable _table = new(files);
    private readonly HungMountGuard _guard = new(stats, networkTimeout);
    private readonly List<MountEntry> _mounts = [];
    private readonly List<(MountEntry Mount, long SizeBytes)> _lastSeen = [];

    /// <summary>The use of each filesystem; null when no mount table can be read.</summary>
    public List<FilesystemUsage>? Sample()
    {
        if (!_table.Read(_mounts))
        {
            return null;
        }

        _lastSeen.Clear();
        var usages = new List<FilesystemUsage>(_mounts.Count);
        foreach (var mount in _mounts)
        {
            if (usages.Count == ObservationLimits.Default.MaxDevices)
            {
                break;
            }

            var answered = FilesystemTypes.IsNetwork(mount.Type) ? _guard.TryGetSpace(mount.Mount, out var space) : stats.TryGetSpace(mount.Mount, out space);
            if (answered && space.TotalBytes > 0)
            {
                usages.Add(new FilesystemUsage(mount.Mount, space.TotalBytes, space.UsedBytes, space.InodesUsedPercent));
                _lastSeen.Add((mount, space.TotalBytes));
            }
        }

        return usages;
    }

    /// <summary>What the last <see cref="Sample"/> saw, as facts: device, type and size of each filesystem.</summary>
    public List<FilesystemFact> LastFacts()
    {
        var facts = new List<FilesystemFact>(_lastSeen.Count);
        foreach (var (mount, size) in _lastSeen)
        {
            facts.Add(new FilesystemFact(mount.Mount, DeviceNames.Truncate(mount.Device, ObservationLimits.Default.MaxTextLength), DeviceNames.Truncate(mount.Type, 64), size));
        }

        return facts;
    }
}
