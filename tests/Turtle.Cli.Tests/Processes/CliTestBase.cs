using System.Text.Json;

namespace Turtle.Cli.Tests.Processes;

/// <summary>Runs the CLI against the shared <see cref="FleetSilo"/>: <c>--server</c> is added to every command line.</summary>
public abstract class CliTestBase(FleetSilo fleet)
{
    protected FleetSilo Fleet { get; } = fleet;

    protected Task<CliResult> Turtle(params string[] args) => CliProcess.RunAsync([.. args, "--server", Fleet.Server]);

    /// <summary>Runs the CLI, asserts exit 0 and nothing on stderr, and returns stdout.</summary>
    protected async Task<string> TurtleOk(params string[] args)
    {
        var result = await Turtle(args);
        Assert.True(result.ExitCode == ExitCodes.Ok && result.Error.Length == 0, result.ToString());
        return result.Output;
    }

    /// <summary>Runs the CLI with <c>--format json</c> and parses stdout.</summary>
    protected async Task<JsonElement> TurtleJson(params string[] args)
    {
        using var document = JsonDocument.Parse(await TurtleOk([.. args, "--format", "json"]));
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the exit code and that stderr is one line holding every one of <paramref name="texts"/>.</summary>
    protected static void AssertFails(CliResult result, int exitCode, params string[] texts)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 1 && lines[0].StartsWith("turtle: ", StringComparison.Ordinal), result.ToString());
        foreach (var text in texts)
        {
            Assert.True(lines[0].Contains(text, StringComparison.Ordinal), $"'{text}' not in the message:\n{result}");
        }
    }
}
