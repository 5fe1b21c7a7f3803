using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary>Failures that need no silo: nothing listening, a bad server address, a wrong command line.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("dcs")]
    [InlineData("hosts")]
    [InlineData("host", "dc1/udm-pro")]
    [InlineData("history", "dc1/udm-pro", "cpu.percent")]
    [InlineData("watch", "dc1")]
    [InlineData("failover", "status")]
    [InlineData("failover", "drill", "--fault", "true")]
    [InlineData("replication")]
    [InlineData("alerts")]
    [InlineData("predictions", "dc1/udm-pro")]
    public async Task A_closed_port_is_unreachable_naming_the_url(params string[] command)
    {
        var server = $"http://127.0.0.1:{FleetSilo.ClosedPort()}";

        var result = await CliProcess.RunAsync([.. command, "--server", server]);

        Assert.True(result.ExitCode == ExitCodes.Unreachable, result.ToString());
        Assert.Equal($"turtle: no silo answered at {server}/ (connection refused)", result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task TURTLE_SERVER_is_the_default_server()
    {
        var server = $"http://127.0.0.1:{FleetSilo.ClosedPort()}";

        var result = await CliProcess.RunAsync(["dcs"], new Dictionary<string, string> { ["TURTLE_SERVER"] = server });

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"no silo answered at {server}/", result.Error);
    }

    [Fact]
    public async Task A_server_that_is_not_an_http_address_is_usage()
    {
        var result = await CliProcess.RunAsync(["dcs", "--server", "127.0.0.1:5080"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not an http:// or https:// address", result.Error);
    }

    [Fact]
    public async Task An_unknown_command_is_usage()
    {
        var result = await CliProcess.RunAsync(["failover", "promote"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("turtle: ", result.Error);
        Assert.Contains("turtle --help", result.Error);
    }

    [Theory]
    [InlineData("0", "--timeout must be positive, not 0")]
    [InlineData("soon", "bad duration for --timeout: 'soon'")]
    public async Task A_drill_timeout_that_is_not_a_positive_duration_is_usage(string timeout, string message)
    {
        var result = await CliProcess.RunAsync(["failover", "drill", "--timeout", timeout, "--server", $"http://127.0.0.1:{FleetSilo.ClosedPort()}"]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith($"turtle: {message}", result.Error);
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var result = await CliProcess.RunAsync(["--help"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var command in new[] { "status", "dcs", "hosts", "host", "processes", "links", "graph", "history", "watch", "export", "failover", "replication" })
        {
            Assert.Contains($"  {command} ", result.Output);
        }
    }
}
