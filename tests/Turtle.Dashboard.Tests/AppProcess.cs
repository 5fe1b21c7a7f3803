using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Turtle.Dashboard.Tests;

/// <summary>One of our executables (a silo, the standalone dashboard) run as its own process on a free loopback port, output captured.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string _assembly;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public AppProcess(string assembly, IReadOnlyDictionary<string, string> environment)
    {
        _assembly = assembly;
        _environment = environment;
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; } = FreePort();

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; }

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

    /// <summary>Starts the process and waits until <paramref name="readyPath"/> answers with success.</summary>
    public async Task StartAsync(string readyPath)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, _assembly), "--urls", Address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Authentication off unless a test turns it on (the sign-in tests do), on a silo and on the standalone dashboard alike.
        start.Environment["Turtle__Auth__Enabled"] = "false";
        foreach (var (key, value) in _environment)
        {
            // An empty value leaves the variable out altogether, so a test can start an executable on its own defaults.
            if (value.Length == 0)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            try
            {
                if ((await Http.GetAsync(readyPath)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{_assembly} did not become ready:\n{Output}");
    }

    /// <summary>Ends the process at once (SIGKILL): a crash, as far as anyone else can tell.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        Http.Dispose();
    }

    public static int FreePort() => Turtle.Actors.Testing.LoopbackPorts.Free();

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
