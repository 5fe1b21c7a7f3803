using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Turtle.Collector.Benchmarks;

// dotnet run -c Release --project tests/Turtle.Collector.Benchmarks -- [--seconds 60] [--interval 1] [--jit]
//
// The collector and Debian's prometheus-node-exporter run side by side for the same window, at the same rate: the
// collector samples this machine every interval and pushes each sample to a loopback sink, while this program scrapes
// node_exporter every interval. Their CPU time and peak memory come from /proc, so the ratio holds on a noisy machine.
var seconds = Option("--seconds", 60);
var interval = Option("--interval", 1);
var warmUp = Math.Max(5, 5 * interval);
var jit = args.Contains("--jit");

var root = RepositoryRoot();
using var work = new TemporaryDirectory();
var (collectorFile, collectorArgs, build) = jit ? Jit() : Native(root, work.Path);
var nodeExporter = Environment.GetEnvironmentVariable("TURTLE_NODE_EXPORTER") is { Length: > 0 } path ? path : "/usr/bin/prometheus-node-exporter";
if (!File.Exists(nodeExporter))
{
    Console.Error.WriteLine($"{nodeExporter} is missing: scripts/node-exporter installs it");
    return 1;
}

var exporterPort = FreePort();
using var sink = new IngestSink(FreePort());
using var exporter = Start(nodeExporter, [$"--web.listen-address=127.0.0.1:{exporterPort}"]);
using var collector = Start(collectorFile, [.. collectorArgs, "--gateway", sink.Address.ToString(), "--dc", "bench", "--host", "bench",
    "--interval", interval.ToString(CultureInfo.InvariantCulture), "--buffer", Path.Join(work.Path, "buffer")]);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var metrics = new Uri($"http://127.0.0.1:{exporterPort}/metrics");

long scrapes = 0;
using var stop = new CancellationTokenSource();
var scraping = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        try
        {
            await http.GetStringAsync(metrics, stop.Token);
            Interlocked.Increment(ref scrapes);
        }
        catch (HttpRequestException)
        {
            // not listening yet during the warm-up
        }
    }
});

await Task.Delay(TimeSpan.FromSeconds(warmUp)); // start-up (loading, JIT, first readings) is not the steady cost
var (collectorCpu0, exporterCpu0) = (ProcessCost.CpuSeconds(collector.Id), ProcessCost.CpuSeconds(exporter.Id));
var (samples0, scrapes0) = (sink.Requests, Interlocked.Read(ref scrapes));
await Task.Delay(TimeSpan.FromSeconds(seconds));
var (collectorCpu, exporterCpu) = (ProcessCost.CpuSeconds(collector.Id) - collectorCpu0, ProcessCost.CpuSeconds(exporter.Id) - exporterCpu0);
var (samples, scraped) = (sink.Requests - samples0, Interlocked.Read(ref scrapes) - scrapes0);
var (collectorRss, exporterRss) = (ProcessCost.PeakRssBytes(collector.Id), ProcessCost.PeakRssBytes(exporter.Id));
stop.Cancel();
await scraping.ContinueWith(_ => { }, TaskScheduler.Default);
foreach (var process in (Process[])[collector, exporter])
{
    process.Kill(entireProcessTree: true);
    process.WaitForExit();
}

if (samples == 0 || scraped == 0)
{
    Console.Error.WriteLine($"nothing measured: {samples} samples pushed, {scraped} scrapes");
    return 1;
}

var perSample = collectorCpu / samples;
var perScrape = exporterCpu / scraped;
Console.WriteLine($"# collector build: {build}; {samples} samples and {scraped} scrapes in {seconds} s after a {warmUp} s warm-up");
Print("collector_samples", samples, "samples");
Print("collector_cpu_per_sample", perSample * 1000, "ms");
Print("collector_peak_rss", collectorRss / 1048576.0, "MiB");
Print("node_exporter_scrapes", scraped, "scrapes");
Print("node_exporter_cpu_per_scrape", perScrape * 1000, "ms");
Print("node_exporter_peak_rss", exporterRss / 1048576.0, "MiB");
Print("collector_vs_node_exporter_cpu_ratio", perSample / perScrape, "ratio");
return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

static (string File, string[] Args, string Build) Jit() =>
    ("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Collector.dll")], "jit");

// The collector as operators install it: published native (no JIT at run time), built here in the same run.
static (string File, string[] Args, string Build) Native(string root, string work)
{
    var output = Path.Join(work, "collector");
    var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
    Console.Error.WriteLine($"publishing the collector natively for {rid} (about a minute)...");
    using var publish = Process.Start(new ProcessStartInfo("dotnet",
        ["publish", Path.Join(root, "src", "Turtle.Collector"), "-c", "Release", "-r", rid, "-o", output, "-v", "quiet", "-nologo"])
    {
        RedirectStandardOutput = true,
    })!;
    var log = publish.StandardOutput.ReadToEnd();
    publish.WaitForExit();
    if (publish.ExitCode != 0)
    {
        Console.Error.WriteLine($"native publish failed ({publish.ExitCode}); measuring the JIT build instead:\n{log}");
        return Jit();
    }

    return (Path.Join(output, "Turtle.Collector"), [], "native");
}

static Process Start(string file, string[] arguments) => Process.Start(new ProcessStartInfo(file, arguments)
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
}) is { } process ? Drain(process) : throw new InvalidOperationException($"could not start {file}");

static Process Drain(Process process)
{
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Join(directory.FullName, "Turtle.Actors.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("run from the repository (Turtle.Actors.sln not found above the benchmark)");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static void Print(string name, double value, string unit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));

/// <summary>A folder of the run's own, removed afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("turtle-collector-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
