using System.Diagnostics;
using System.Text;
using Turtle.Silo.Tests;

namespace Turtle.Cli.Tests.Processes;

/// <summary>What one run of the CLI printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// The built CLI (<c>dotnet Turtle.Cli.dll …</c>) as a child process, as a user or script runs it: arguments, the
/// environment (<c>TURTLE_SERVER</c> removed unless given), stdout and stderr captured.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly SemaphoreSlim _printed = new(0);

    private CliProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? input = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Cli.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment.Remove("TURTLE_SERVER");
        start.Environment.Remove("TURTLE_TOKEN");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (input is not null)
        {
            _process.StandardInput.Write(input);
            _process.StandardInput.Close();
        }
    }

    public string Output => Read(_output);

    public string Error => Read(_error);

    /// <summary>Runs the CLI to its end.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        using var cli = new CliProcess(args, environment, input);
        return await cli.WaitForExitAsync(RunTimeout);
    }

    /// <summary>Starts the CLI and leaves it running (<c>watch</c>).</summary>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) => new(args, environment);

    /// <summary>Waits until <paramref name="condition"/> holds of what the CLI printed so far.</summary>
    public async Task WaitForAsync(Func<CliProcess, bool> condition, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None); // the last lines are read
                if (condition(this))
                {
                    return;
                }

                throw new InvalidOperationException($"The CLI exited ({_process.ExitCode}) before {what}:\n{Output}\n{Error}");
            }

            try
            {
                await _printed.WaitAsync(TimeSpan.FromMilliseconds(500), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {what} within {timeout}:\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}");
            }
        }
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal sends it.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The CLI did not exit within {timeout}:\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}");
        }

        return new CliResult(_process.ExitCode, Output, Error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        _printed.Release();
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
