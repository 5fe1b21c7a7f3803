using System.Net;
using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// A silo in trouble: <c>status</c> of a silo that is not ready, and every command meeting a 5xx, exit 1 (docs/cli.md's
/// exit codes) with one line on stderr saying what the server said. The server is a <see cref="TroubledServer"/>.
/// </summary>
public sealed class ServerTroubleTests
{
    [Fact]
    public async Task Status_of_a_silo_that_is_not_ready_exits_1_naming_the_failing_check()
    {
        await using var server = new TroubledServer(HttpStatusCode.ServiceUnavailable);

        var result = await CliProcess.RunAsync(["status", "--server", server.Server]);

        Assert.True(result.ExitCode == ExitCodes.ServerError, result.ToString());
        Assert.Contains($"Silo at {server.Server}/ is not ready", result.Output);
        Assert.Equal($"turtle: the silo at {server.Server}/ is not ready: storage: {TroubledServer.StorageCheck}", result.Error.Trim());
    }

    [Fact]
    public async Task Status_as_json_of_a_silo_that_is_not_ready_exits_1_with_ready_false_and_the_message_on_stderr()
    {
        await using var server = new TroubledServer(HttpStatusCode.ServiceUnavailable);

        var result = await CliProcess.RunAsync(["status", "-f", "json", "--server", server.Server]);

        Assert.True(result.ExitCode == ExitCodes.ServerError, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("ready").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("silos").EnumerateArray());
        Assert.StartsWith($"turtle: the silo at {server.Server}/ is not ready: storage:", result.Error.Trim());
    }

    [Theory]
    [InlineData("status")] // /health/ready itself answers 500: an error, not "not ready"
    [InlineData("dcs")]
    [InlineData("hosts")]
    [InlineData("host", "dc1/udm-pro")]
    [InlineData("processes", "dc1/udm-pro")]
    [InlineData("links")]
    [InlineData("graph")]
    [InlineData("history", "dc1/udm-pro", "cpu.percent")]
    [InlineData("watch", "dc1")]
    [InlineData("alerts")]
    [InlineData("predictions", "dc1/udm-pro")]
    [InlineData("failover", "status")]
    [InlineData("failover", "drill", "--fault", "true")]
    [InlineData("replication")]
    [InlineData("tokens", "list")]
    [InlineData("users", "list")]
    [InlineData("audit")]
    public async Task Any_command_meeting_a_500_exits_1_with_the_problems_title_and_detail(params string[] command)
    {
        await using var server = new TroubledServer(HttpStatusCode.InternalServerError, ready: HttpStatusCode.InternalServerError);

        var result = await CliProcess.RunAsync([.. command, "--server", server.Server]);

        AssertServerError(result, $"turtle: the server answered 500 InternalServerError: {TroubledServer.Title}: {TroubledServer.Detail}");
        Assert.NotEmpty(server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Other_5xx_answers_exit_1_too(HttpStatusCode status)
    {
        await using var server = new TroubledServer(status, ready: HttpStatusCode.OK);

        var result = await CliProcess.RunAsync(["hosts", "--server", server.Server]);

        AssertServerError(result, $"turtle: the server answered {(int)status} {status}: {TroubledServer.Title}: {TroubledServer.Detail}");
    }

    [Fact]
    public async Task A_5xx_that_is_not_problem_json_shows_its_body()
    {
        // What a reverse proxy in front of a dead silo sends.
        await using var server = new TroubledServer(HttpStatusCode.BadGateway, ready: HttpStatusCode.OK, body: "upstream connect error\nor disconnect/reset before headers");

        var result = await CliProcess.RunAsync(["dcs", "--server", server.Server]);

        AssertServerError(result, "turtle: the server answered 502 BadGateway: upstream connect error or disconnect/reset before headers");
    }

    [Fact]
    public async Task An_export_meeting_a_500_exits_1_and_leaves_no_file()
    {
        await using var server = new TroubledServer(HttpStatusCode.InternalServerError, ready: HttpStatusCode.OK);
        var directory = Directory.CreateTempSubdirectory("turtle-export-").FullName;
        try
        {
            var result = await CliProcess.RunAsync(["export", "--out", Path.Join(directory, "fleet.csv"), "--server", server.Server]);

            AssertServerError(result, $"turtle: the server answered 500 InternalServerError: {TroubledServer.Title}: {TroubledServer.Detail}");
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Exit 1, nothing on stdout but what came before the failing request, and <paramref name="line"/> as the last line of stderr.</summary>
    private static void AssertServerError(CliResult result, string line)
    {
        Assert.True(result.ExitCode == ExitCodes.ServerError, result.ToString());
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errors.Length >= 1, result.ToString());
        Assert.Equal(line, errors[^1].TrimEnd('\r'));
    }
}
