namespace Turtle.Collector.Linux;

/// <summary>
/// TCP connections by state in the collector's network namespace: through netlink (<see cref="NetlinkTcpStates"/>)
/// when sampling this machine, else (a fixture tree, or netlink refused) counted over <c>/proc/net/tcp</c> and
/// <c>/proc/net/tcp6</c>. Every state is reported, zeros included, so a state that empties shows as 0 rather than as
/// missing. Null when neither source can be read.
/// </summary>
internal sealed class TcpSampler(HostFiles files, bool useNetlink = true)
{
    // The kernel's state numbers (include/net/tcp_states.h), 1-based, as the st column prints them in hex.
    private static readonly string[] StateNames =
        ["established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing"];

    private readonly string[] _paths = [files.PathOf("proc/net/tcp"), files.PathOf("proc/net/tcp6")];
    private readonly long[] _counts = new long[StateNames.Length];
    private NetlinkTcpStates? _netlink = useNetlink && files.IsLiveRoot ? new NetlinkTcpStates() : null;

    public Dictionary<string, long>? Sample()
    {
        Array.Clear(_counts);
        var anyRead = _netlink?.TryCount(_counts) ?? false;
        if (!anyRead)
        {
            _netlink = null; // refused once, refused for good: do not pay for the attempt every sample
            Array.Clear(_counts);
            foreach (var path in _paths)
            {
                anyRead |= Count(path);
            }
        }

        if (!anyRead)
        {
            return null;
        }

        var states = new Dictionary<string, long>(StateNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < StateNames.Length; i++)
        {
            states[StateNames[i]] = _counts[i];
        }

        return states;
    }

    private bool Count(string path)
    {
        using var lines = files.OpenLines(path);
        if (!lines.IsOpen)
        {
            return false;
        }

        lines.TryReadLine(out _); // header
        while (lines.TryReadLine(out var line))
        {
            // "   0: 0100007F:B56A 00000000:0000 0A ...": slot, local address, remote address, state
            var rest = line;
            SpanText.SkipFields(ref rest, 3);
            if (SpanText.TryParseHex(SpanText.NextField(ref rest), out var state) && state >= 1 && state <= StateNames.Length)
            {
                _counts[state - 1]++;
            }
        }

        return true;
    }
}
