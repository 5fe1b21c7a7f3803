using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Turtle.Silo.Tests;

/// <summary>The silo as operators run it: a separate process, stopped with SIGTERM.</summary>
public class SiloProcessTests
{
    [Fact]
    public async Task The_silo_process_serves_health_on_the_given_url_and_stops_cleanly_on_SIGTERM()
    {
        var port = FreePort();
        var siloDll = Path.Combine(AppContext.BaseDirectory, "Turtle.Silo.dll");
        var start = new ProcessStartInfo("dotnet", [siloDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? ready = null;
            while (DateTime.UtcNow < deadline && ready != HttpStatusCode.OK && !process.HasExited)
            {
                try
                {
                    ready = (await client.GetAsync("/health/ready")).StatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or its first answer (JIT, first storage probe) slower than 2 s on a loaded machine.
                    await Task.Delay(100);
                }
            }

            Assert.True(ready == HttpStatusCode.OK, $"silo never became ready:\n{output}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

            Assert.Equal(0, Kill(process.Id, 15));
            Assert.True(process.WaitForExit(30_000), "silo did not exit within 30 s of SIGTERM");
            process.WaitForExit(); // drains redirected output
            Assert.Equal(0, process.ExitCode);
            lock (output)
            {
                Assert.Contains("is Stopped", output.ToString());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int FreePort() => Turtle.Actors.Testing.LoopbackPorts.Free();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
