using System.Net;
using System.Net.Sockets;

namespace Turtle.Collector.Probes;

/// <summary>The real <see cref="ITcpConnector"/>: the system's resolver and a socket per connect.</summary>
public sealed class SocketConnector : ITcpConnector
{
    public static readonly SocketConnector Instance = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);

    public async Task ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        // The handshake is the probe: the connection is closed as soon as it is up (an orderly close, so the far end
        // sees a client that went away rather than a reset; the TIME_WAIT it leaves is on this side).
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
    }
}
