using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Turtle.Collector.Scrape;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>
/// Scrape mode against Debian's prometheus-node-exporter (installed by scripts/node-exporter), running on a loopback
/// port of its own: two scrapes a second apart, mapped into a sample, checked against this machine's /proc and
/// against the collector's own sampler of this machine at the same moment.
/// </summary>
public sealed class NodeExporterScrapeTests : IAsyncLifetime
{
    private readonly int _port = FreePort();
    private Process _exporter = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("TURTLE_NODE_EXPORTER") is { Length: > 0 } path ? path : "/usr/bin/prometheus-node-exporter";
        Assert.True(File.Exists(executable), $"{executable} is missing: scripts/node-exporter installs it (./scripts/test runs it)");
        _exporter = Process.Start(new ProcessStartInfo(executable, [$"--web.listen-address=127.0.0.1:{_port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _exporter.BeginOutputReadLine();
        _exporter.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await http.GetStringAsync(Endpoint);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_exporter.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task DisposeAsync()
    {
        _exporter.Kill();
        _exporter.WaitForExit();
        _exporter.Dispose();
        return Task.CompletedTask;
    }

    private Uri Endpoint => new($"http://127.0.0.1:{_port}/metrics");

    [Fact]
    public async Task Scraping_node_exporter_gives_this_machine_as_the_collector_sees_it()
    {
        using var http = new HttpClient();
        var scrape = new ScrapeSampler(new PrometheusScraper(http, Endpoint, TimeSpan.FromSeconds(10)), TimeSpan.FromMinutes(10));
        var local = new HostSampler(new HostSamplerOptions());
        await scrape.SampleAsync(DateTimeOffset.UtcNow);
        await local.SampleAsync(DateTimeOffset.UtcNow);
        await Task.Delay(TimeSpan.FromSeconds(1)); // rates need time to pass between two readings
        var scraped = await scrape.SampleAsync(DateTimeOffset.UtcNow);
        var sampled = await local.SampleAsync(DateTimeOffset.UtcNow);

        // Facts (first scrape) and levels: the same numbers /proc gives.
        var facts = (await new ScrapeSampler(new PrometheusScraper(http, Endpoint, TimeSpan.FromSeconds(10)), TimeSpan.FromMinutes(10)).SampleAsync(DateTimeOffset.UtcNow)).Facts!;
        Assert.Equal(Environment.ProcessorCount, facts.CpuCount);
        Assert.Equal(MemInfo("MemTotal"), facts.MemoryBytes);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), facts.Kernel);
        Assert.Equal(MemInfo("MemTotal"), scraped.Metrics.Memory!.TotalBytes);
        Assert.InRange(scraped.Metrics.Memory.AvailableBytes, sampled.Metrics.Memory!.AvailableBytes * 0.9, sampled.Metrics.Memory.AvailableBytes * 1.1);
        Assert.InRange(scraped.Metrics.Load!.Avg1, sampled.Metrics.Load!.Avg1 - 0.5, sampled.Metrics.Load.Avg1 + 0.5);

        // Rates over the second between the scrapes.
        Assert.InRange(scraped.Metrics.Cpu!.Percent, 0, 100);
        Assert.Equal(sampled.Metrics.Interfaces!.Select(i => i.Name).Order(), scraped.Metrics.Interfaces!.Select(i => i.Name).Order());
        Assert.All(scraped.Metrics.Interfaces!, i => Assert.True(i.RxBytesPerSec >= 0 && i.TxBytesPerSec >= 0));

        // Filesystems: node_exporter's statfs and ours agree on the size of every real filesystem both report.
        var ours = sampled.Metrics.Filesystems!.ToDictionary(f => f.Mount);
        var common = scraped.Metrics.Filesystems!.Where(f => ours.ContainsKey(f.Mount)).ToList();
        Assert.Contains(common, f => f.Mount == "/");
        Assert.All(common, f => Assert.Equal(ours[f.Mount].SizeBytes, f.SizeBytes));
    }

    private static long MemInfo(string field) =>
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private static int FreePort() => Turtle.Actors.Testing.LoopbackPorts.Free();
}
