using System.Diagnostics;
using Turtle.Cli.Tests.Processes;
using Xunit.Abstractions;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// The install docs/cli.md gives: <c>dotnet pack</c> makes a tool package, <c>dotnet tool install</c> installs it with
/// nothing but that package as a source (a nuget.config that clears every other feed, so every dependency must be
/// inside it), and the installed <c>turtle</c> runs. The pack uses the CLI the suite built (same configuration).
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-tool-").FullName;

    [Fact]
    public async Task The_packed_tool_installs_from_its_package_alone_and_runs_help()
    {
        var packages = Path.Join(_directory, "nupkg");
        var tools = Path.Join(_directory, "tools");
        var config = Path.Join(_directory, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var clock = Stopwatch.StartNew();

        // --no-build: the suite's build made the CLI already; building it again here would rewrite binaries that other
        // tests, running in parallel, execute.
        await RunAsync("dotnet", "pack", Path.Join(RepositoryRoot(), "src", "Turtle.Cli"), "-c", Configuration(), "--no-build", "-o", packages);
        Assert.Single(Directory.GetFiles(packages, "Turtle.Cli.*.nupkg"));
        await RunAsync("dotnet", "tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", packages, "Turtle.Cli");
        var help = await RunAsync(Path.Join(tools, "turtle"), "--help");
        var version = await RunAsync(Path.Join(tools, "turtle"), "--version");
        output.WriteLine($"pack, install and two runs took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Contains("Usage:\n  turtle [command] [options]", help);
        foreach (var command in new[] { "status", "hosts", "history", "watch", "export", "failover", "tokens" })
        {
            Assert.Contains($"  {command} ", help);
        }

        // The installed tool is the CLI these tests build, not an older package found somewhere.
        var built = await CliProcess.RunAsync(["--version"]);
        Assert.Equal(built.Output.Trim(), version.Trim());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs a program to its end (at most 5 minutes), asserts exit 0, and returns its stdout.</summary>
    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    /// <summary>The configuration this test assembly was built in (bin/Release/… or bin/Debug/…), which the CLI shares.</summary>
    private static string Configuration() =>
        new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name is { } name && name is "Debug" or "Release" ? name : "Release";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "Turtle.Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Turtle.Actors.sln not found above the test assembly.");
    }
}
