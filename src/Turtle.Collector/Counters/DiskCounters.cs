using Turtle.Twin.Observations;

namespace Turtle.Collector.Counters;

/// <summary>One disk's cumulative I/O: bytes, completed operations and seconds spent doing I/O (null when the source lacks it).</summary>
internal readonly record struct DiskCounters(double ReadBytes, double WrittenBytes, double? Reads, double? Writes, double? IoSeconds)
    : IDeviceCounters<DiskCounters, DiskIo>
{
    /// <summary>The disk's rates since <paramref name="before"/>; null when its byte counters went backwards (reset or wrapped).</summary>
    public DiskIo? RatesSince(in DiskCounters before, string name, double elapsedSeconds)
    {
        if (Rates.PerSecond(before.ReadBytes, ReadBytes, elapsedSeconds) is not { } read
            || Rates.PerSecond(before.WrittenBytes, WrittenBytes, elapsedSeconds) is not { } written)
        {
            return null;
        }

        // Time doing I/O per second of wall time is the busy share; merged and parallel requests can push it past 100.
        var util = Rates.PerSecond(before.IoSeconds, IoSeconds, elapsedSeconds) is { } busy ? Math.Min(100, Rates.Round(busy * 100)) : (double?)null;
        return new DiskIo(name, read, written, Rates.PerSecond(before.Reads, Reads, elapsedSeconds), Rates.PerSecond(before.Writes, Writes, elapsedSeconds), util);
    }
}
