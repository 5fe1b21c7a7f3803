using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Turtle.Twin.Benchmarks;

/// <summary>The silo under test, as its own process on free loopback ports, with a temporary data directory.</summary>
internal sealed class BenchSilo : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private BenchSilo(Process process, DirectoryInfo data, Uri address)
    {
        _process = process;
        _data = data;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchSilo> StartAsync(string storage)
    {
        var data = Directory.CreateTempSubdirectory("turtle-ingest-bench-");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Silo.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Turtle__DataDir"] = data.FullName;
        start.Environment["Turtle__Storage__Provider"] = storage;
        start.Environment["Turtle__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Turtle__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Turtle__Collector__Enabled"] = "false";
        start.Environment["Turtle__Auth__Enabled"] = "false"; // measures ingest and streams, not token checks
        if (storage == "postgres")
        {
            start.Environment["ConnectionStrings__Turtle"] = Environment.GetEnvironmentVariable("TURTLE_TEST_POSTGRES")
                ?? throw new InvalidOperationException("--storage postgres needs TURTLE_TEST_POSTGRES (export TURTLE_TEST_POSTGRES=\"$(scripts/postgres start)\").");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new BenchSilo(process, data, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = silo.Address };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        silo.Dispose();
        throw new TimeoutException("The silo did not become ready within 60 s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _data.Delete(recursive: true);
    }

    private static void Log(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine($"silo: {line}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
