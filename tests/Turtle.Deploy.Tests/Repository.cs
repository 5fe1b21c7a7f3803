using System.Diagnostics;

namespace Turtle.Deploy.Tests;

/// <summary>Paths in the repository and running its tools (systemd-analyze, kubectl, node) with bounded time.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Join([Root, .. parts]);

    public static string[] Files(string directory, string pattern) =>
        Directory.GetFiles(Path(directory), pattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Runs a tool to completion (60 s at most) and returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran for more than 60 s");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Where a tool is on PATH, or a message that says how to install it.</summary>
    public static string Tool(string name, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Join(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} is not installed; this check needs it (Debian: apt-get install {package}).");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Join(directory.FullName, "Turtle.Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Turtle.Actors.sln not found above the test assembly.");
    }
}
