using System.Net;
using System.Net.Sockets;

namespace Turtle.Actors.Testing;

/// <summary>
/// Free loopback ports for processes a test starts. Picked below Linux's ephemeral range (32768–60999) on purpose:
/// a port the kernel hands out for binding port 0 comes from that range, and between the test releasing it and the
/// child binding it, any outgoing connection of the busy test machine may take it as its local port. A random port
/// below the range, checked free, collides only with another test that picked the same one.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int End = 32_000;

    public static int Free()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 200)
            {
                // Taken: try another.
            }
        }
    }
}
