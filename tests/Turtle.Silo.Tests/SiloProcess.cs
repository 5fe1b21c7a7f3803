using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Turtle.Silo.Tests;

/// <summary>A silo host running as its own process, as operators run it, with output captured for failure messages.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _environment;
    private Process _process = null!;

    private SiloProcess(int httpPort, int siloPort, int gatewayPort, Dictionary<string, string> environment)
    {
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _environment = environment;
        // One client for the silo's whole life, across restarts on the same port: tests' writers keep using it while
        // the process is killed and started again (a client disposed by a restart failed a writer mid-request).
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

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

    public bool HasExited => _process.HasExited;

    /// <summary>The process id of the silo now running: a drill's fault command (<c>kill -9</c>) kills it from outside the test.</summary>
    public int ProcessId => _process.Id;

    public static SiloProcess Start(Dictionary<string, string> environment)
    {
        var silo = new SiloProcess(FreePort(), FreePort(), FreePort(), environment);
        silo.Launch();
        return silo;
    }

    /// <summary>Starts the process again on the same ports (a restart after a crash).</summary>
    public void Restart()
    {
        _process.Dispose();
        Launch();
    }

    private void Launch()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Silo.dll"), "--urls", $"http://127.0.0.1:{HttpPort}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Authentication off unless a test turns it on (the end-to-end security tests do).
        start.Environment["Turtle__Auth__Enabled"] = "false";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Turtle__Collector__Enabled"] = "false";
        start.Environment["Turtle__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Turtle__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Turtle__SiloName"] = $"silo-{SiloPort}";
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

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on port {SiloPort} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Silo on port {SiloPort} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>kill -9: no shutdown, no deactivation, no goodbye to the cluster.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops a silo: it deactivates its grains, persisting what they choose, and exits.</summary>
    public void Stop(TimeSpan timeout)
    {
        if (!ProcessSignals.Terminate(_process, timeout))
        {
            throw new TimeoutException($"Silo on port {SiloPort} did not stop within {timeout} of SIGTERM:\n{Output}");
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
        Http.Dispose();
    }

    private static int FreePort() => Turtle.Actors.Testing.LoopbackPorts.Free();
}
