using Turtle.Actors.Messaging;

namespace Turtle.Actors.Networking;

/// <summary>
/// A test seam in the transport: what a fault-injecting harness may do to the frames between two silos (drop them,
/// hold them back, keep a connect from completing). Registered only by tests (<c>Turtle.Actors.Testing</c>'s
/// <c>TransportFaults</c>); production leaves it null, and then the connection's only cost is a null check per
/// frame written and per buffer read.
/// </summary>
public interface ITransportFaults
{
    /// <summary>
    /// Called before a connect from <paramref name="from"/> to <paramref name="host"/>:<paramref name="port"/>. May
    /// wait (a partition: the connect hangs until it times out) or throw (<see cref="System.Net.Sockets.SocketException"/>,
    /// a refusal); the establisher reports either as a failed connect.
    /// </summary>
    ValueTask BeforeConnectAsync(SiloAddress from, string host, int port, CancellationToken cancellationToken);

    /// <summary>Called before a batch of frames from <paramref name="from"/> to <paramref name="to"/> is written: may delay it (latency, a paused sender).</summary>
    ValueTask BeforeSendAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken);

    /// <summary>Whether a frame from <paramref name="from"/> to <paramref name="to"/> is silently discarded instead of written (a cut link).</summary>
    bool Drops(SiloAddress from, SiloAddress to);

    /// <summary>Called before received bytes from <paramref name="from"/> are handled at <paramref name="to"/>: may hold them (a paused receiver).</summary>
    ValueTask BeforeReceiveAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken);
}
