using Turtle.Collector.Counters;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// Traffic rates of each network interface from <c>/proc/net/dev</c>: bytes, errors and drops per second in each
/// direction. Loopback (<c>lo</c>) is skipped: it is the host talking to itself, not traffic anyone plans capacity
/// for. Everything else is kept, virtual interfaces included (bridges, VLANs, tunnels and WireGuard carry real traffic).
/// The table is the collector's own network namespace: in a container, the container's.
/// </summary>
internal sealed class NetworkSampler(HostFiles files)
{
    private readonly string _path = files.PathOf("proc/net/dev");
    private readonly NameCache _names = new();
    private readonly DeviceRates<InterfaceCounters, InterfaceTraffic> _rates = new();

    /// <summary>Each interface's rates over <paramref name="elapsedSeconds"/>; null on the first sample or when unreadable.</summary>
    public List<InterfaceTraffic>? Sample(double? elapsedSeconds)
    {
        using var lines = files.OpenLines(_path);
        if (!lines.IsOpen)
        {
            return null;
        }

        _rates.Begin(elapsedSeconds);
        while (lines.TryReadLine(out var line))
        {
            // "  eth0: rx-bytes packets errs drop fifo frame compressed multicast tx-bytes packets errs drop ..."; the two
            // header lines have no colon before their bars. Old kernels print no space after the colon.
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = SpanText.Trim(line[..colon]);
            var rest = line[(colon + 1)..];
            if (!name.IsEmpty && !name.SequenceEqual("lo"u8) && TryReadCounters(ref rest, out var now))
            {
                _rates.Add(_names.Get(name), now);
            }
        }

        return _rates.End();
    }

    private static bool TryReadCounters(ref ReadOnlySpan<byte> rest, out InterfaceCounters counters)
    {
        counters = default;
        Span<ulong> fields = stackalloc ulong[12];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!SpanText.TryNextULong(ref rest, out fields[i]))
            {
                return false;
            }
        }

        // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ...
        counters = new InterfaceCounters(fields[0], fields[8], fields[2], fields[10], fields[3], fields[11]);
        return true;
    }
}
