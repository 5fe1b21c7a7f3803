using System.Net;
using System.Net.Sockets;

namespace Turtle.Examples.Headroom.Tests;

/// <summary>The example program's failures that need no silo: a bad command line, a gateway nobody listens on.</summary>
public sealed class ArgumentTests
{
    [Fact]
    public async Task No_gateway_is_a_usage_error()
    {
        var result = await HeadroomProgramTests.RunAsync("--api", "http://127.0.0.1:1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("name at least one gateway", result.Error);
    }

    [Fact]
    public async Task A_gateway_nobody_listens_on_is_exit_1_with_one_line()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await HeadroomProgramTests.RunAsync("--gateway", $"127.0.0.1:{closed}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("headroom: Could not connect to any gateway", result.Error);
    }
}
