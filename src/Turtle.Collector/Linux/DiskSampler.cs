using Turtle.Collector.Counters;
using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// Disk I/O rates from <c>/proc/diskstats</c>: bytes (its sectors are always 512 bytes, whatever the device's own),
/// completed operations, and the share of time the disk was busy. Only whole disks are reported (see
/// <see cref="DiskNames"/>): a device is a disk when <c>/sys/block</c> lists it, or, where <c>/sys</c> is not mounted,
/// when its name does not look like a partition.
/// </summary>
internal sealed class DiskSampler(HostFiles files)
{
    private const double SectorBytes = 512;
    private const int MaxKnownDevices = 4096;

    private readonly string _path = files.PathOf("proc/diskstats");
    private readonly string _sysBlock = files.PathOf("sys/block");
    private readonly NameCache _names = new();
    private readonly Dictionary<string, bool> _isDisk = new(StringComparer.Ordinal);
    private readonly DeviceRates<DiskCounters, DiskIo> _rates = new();

    /// <summary>Each disk's rates over <paramref name="elapsedSeconds"/>; null on the first sample (nothing to compare with) or when unreadable.</summary>
    public List<DiskIo>? Sample(double? elapsedSeconds)
    {
        using var lines = files.OpenLines(_path);
        if (!lines.IsOpen)
        {
            return null;
        }

        _rates.Begin(elapsedSeconds);
        while (lines.TryReadLine(out var line))
        {
            var rest = line;
            SpanText.SkipFields(ref rest, 2); // major, minor
            var name = SpanText.NextField(ref rest);
            if (name.IsEmpty || !TryReadCounters(ref rest, out var now))
            {
                continue;
            }

            var device = _names.Get(name);
            if (IsDisk(device))
            {
                _rates.Add(device, now);
            }
        }

        return _rates.End();
    }

    private static bool TryReadCounters(ref ReadOnlySpan<byte> rest, out DiskCounters counters)
    {
        counters = default;
        Span<ulong> fields = stackalloc ulong[10];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!SpanText.TryNextULong(ref rest, out fields[i]))
            {
                return false; // kernels before 2.6.25 print 4 fields for partitions; not worth reading
            }
        }

        // reads, reads merged, sectors read, ms reading, writes, writes merged, sectors written, ms writing, in flight, ms doing I/O
        counters = new DiskCounters(fields[2] * SectorBytes, fields[6] * SectorBytes, fields[0], fields[4], fields[9] / 1000.0);
        return true;
    }

    private bool IsDisk(string device)
    {
        if (_isDisk.TryGetValue(device, out var known))
        {
            return known;
        }

        if (_isDisk.Count >= MaxKnownDevices)
        {
            _isDisk.Clear();
        }

        var isDisk = !DiskNames.IsVirtual(device)
            && (Directory.Exists(_sysBlock) ? Directory.Exists(Path.Join(_sysBlock, device)) : !DiskNames.LooksLikePartition(device));
        _isDisk[device] = isDisk;
        return isDisk;
    }
}
