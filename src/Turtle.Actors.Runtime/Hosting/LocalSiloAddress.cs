using System.Net;
using System.Net.Sockets;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Hosting;

/// <summary>
/// This silo's address (advertised host, silo port, and a generation that is new on every start) and its gateway
/// port (0: no gateway). Ports configured as 0 are resolved to free ones, for tests.
/// </summary>
public sealed record LocalSiloAddress(SiloAddress Address, int GatewayPort)
{
    internal static LocalSiloAddress Create(ClusterOptions options, TimeProvider time)
    {
        var port = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreeLoopbackPort() : options.GatewayPort;
        // Generations order incarnations of the same host:port (membership refuses a generation older than the table's).
        return new LocalSiloAddress(new SiloAddress(options.AdvertisedAddress, port, Runtime.Membership.SiloGeneration.Next(time)), gatewayPort);
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
