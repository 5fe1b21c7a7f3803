using System.Net;

namespace Turtle.Collector.Probes;

/// <summary>
/// Name lookup and TCP connect for <see cref="TcpLinkProber"/>: the network's side of a probe, behind an interface so
/// tests can make a connect last exactly as long as they want (or never end) without any address but loopback.
/// </summary>
public interface ITcpConnector
{
    /// <summary>The addresses of <paramref name="host"/>, in the order the system prefers them.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    /// <summary>Completes once a TCP connection to <paramref name="endpoint"/> is established (and closes it); throws when refused or cancelled.</summary>
    Task ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}
