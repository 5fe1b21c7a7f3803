using System.Globalization;
using System.Net;

namespace Turtle.Collector.Probes;

/// <summary>
/// A probe's <c>host:port</c>: an IPv4 address, a bracketed IPv6 address (<c>[fd00::1]:443</c>) or a DNS name, and a
/// port from 1 to 65535. A bare IPv6 address is refused: without brackets its last group cannot be told from a port.
/// </summary>
public readonly record struct HostPort(string Host, int Port, IPAddress? Address)
{
    /// <summary>The longest DNS name (RFC 1035, without the final dot).</summary>
    private const int MaxNameLength = 253;

    /// <summary>Reads <paramref name="text"/>; false when it is not a host and a port.</summary>
    public static bool TryParse(string? text, out HostPort target)
    {
        target = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var inside = host[1..^1];
            var ok = IPAddress.TryParse(inside, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            target = ok ? new HostPort(inside, port, v6) : default;
            return ok;
        }

        // IPAddress.TryParse also takes "1" or "10.1" (old shorthand); only the dotted quad is meant as an address here.
        switch (Uri.CheckHostName(host))
        {
            case UriHostNameType.IPv4 when IPAddress.TryParse(host, out var v4) && host.Count(c => c == '.') == 3:
                target = new HostPort(host, port, v4);
                return true;
            case UriHostNameType.Dns when host.Length <= MaxNameLength && !IsAllDigitsAndDots(host):
                target = new HostPort(host, port, null);
                return true;
            default:
                return false;
        }
    }

    /// <summary>"10.1" or "1.2.3.4.5" would pass as a DNS name; no real name is only digits and dots.</summary>
    private static bool IsAllDigitsAndDots(string host) => host.All(c => char.IsAsciiDigit(c) || c == '.');
}
