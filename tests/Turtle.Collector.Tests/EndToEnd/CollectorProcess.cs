using System.Diagnostics;
using System.Text;
using Turtle.Silo.Tests;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>The collector executable as operators run it, in its own process, with its output captured for failure messages.</summary>
internal sealed class CollectorProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyList<string> _arguments;
    private Process _process = null!;

    private CollectorProcess(IReadOnlyList<string> arguments) => _arguments = arguments;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CollectorProcess Start(params IReadOnlyList<string> arguments)
    {
        var collector = new CollectorProcess(arguments);
        collector.Launch();
        return collector;
    }

    /// <summary>Starts the collector again with the same arguments (and so the same buffer).</summary>
    public void Restart()
    {
        _process.Dispose();
        Launch();
    }

    /// <summary>kill -9: no flush, no goodbye; whatever the buffer holds is what a crash leaves.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops it, and waits for the exit code.</summary>
    public int Stop(TimeSpan timeout) => ProcessSignals.Terminate(_process, timeout)
        ? _process.ExitCode
        : throw new TimeoutException($"The collector did not exit within {timeout} of SIGTERM:\n{Output}");

    /// <summary>Waits until the output holds <paramref name="text"/> (counting from <paramref name="after"/> characters in).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, int after = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Output.IndexOf(text, Math.Min(after, Output.Length), StringComparison.Ordinal) < 0)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The collector exited with {_process.ExitCode} before writing '{text}':\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The collector did not write '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(50);
        }
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

    private void Launch()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Collector.dll"), .. _arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
