using System.Diagnostics;

namespace Turtle.Cli.Commands;

/// <summary>Runs an operator's shell command (<c>/bin/sh -c</c>) with this process's stdin, stdout and stderr, and returns its exit code.</summary>
public static class ShellCommand
{
    public static async Task<int> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new CliException(ExitCodes.DrillFailed, $"could not start /bin/sh for: {command}");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
