using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Collector.Buffering;
using Turtle.Collector.Citizen;
using Turtle.Collector.Configuration;
using Turtle.Collector.Probes;
using Turtle.Collector.Scrape;
using Turtle.Collector.Shipping;

namespace Turtle.Collector.Agent;

/// <summary>
/// The collector executable's work: for each observed host a sampling loop (<see cref="HostObserver"/>) appending to
/// that host's buffer and a shipping loop (<see cref="Shipper"/>) sending from it; and a loop measuring the collector's
/// own cost against its budget. Runs until the host stops (Ctrl+C, SIGTERM); anything it cannot recover from stops
/// the process with exit code 1.
/// </summary>
public sealed partial class CollectorService(IOptions<CollectorOptions> options, TimeProvider time, CostMeter costs,
    IHostApplicationLifetime lifetime, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<CollectorService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var hosts = ObservedHost.Plan(settings, Environment.MachineName);
        var interval = TimeSpan.FromSeconds(settings.Interval);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var buffers = new List<DiskBuffer>();
        try
        {
            // The disk budget is shared equally: one host's long outage must not crowd out the others' buffers.
            var share = settings.Buffer.MaxBytes / hosts.Count;
            buffers.AddRange(hosts.Select(h => DiskBuffer.Open(Path.Join(settings.Buffer.Directory, h.BufferFolder), h.Key, share,
                settings.Buffer.SegmentBytes, loggers.CreateLogger<DiskBuffer>())));
            var monitor = new SelfMonitor();
            var self = new CollectorSelf(monitor, buffers);
            var client = new GatewayClient(http, TimeSpan.FromSeconds(settings.Shipping.RequestTimeoutSeconds), time, TokenOf(settings));
            var gateways = settings.Gateways.Select(g => GatewayClient.EndpointOf(new Uri(g))).ToList();

            var work = new List<Task>();
            for (var i = 0; i < hosts.Count; i++)
            {
                var host = hosts[i];
                var sampler = CreateSampler(host, settings, http);
                var observer = new HostObserver(host, sampler, buffers[i], host.ScrapeUrl is null ? self : null, interval, time, costs, loggers.CreateLogger<HostObserver>());
                var shipper = new Shipper(buffers[i], client, gateways, settings.Shipping, host.Key, time, loggers.CreateLogger<Shipper>(), costs);
                work.Add(observer.RunAsync(stoppingToken));
                work.Add(shipper.RunAsync(stoppingToken));
                LogObserving(_logger, host.Key, host.CollectorId, host.ScrapeUrl?.ToString() ?? "this machine", interval.TotalSeconds);
            }

            var budget = new CitizenBudget(settings.CpuBudgetPercent, settings.MemoryBudgetBytes, costs, loggers.CreateLogger<CitizenBudget>());
            work.Add(WatchBudgetAsync(monitor, budget, interval, stoppingToken));
            LogStarted(_logger, CollectorSelf.Version, string.Join(", ", gateways), settings.Buffer.Directory);

            // Every loop runs until the host stops; the first to end otherwise has failed and stops the rest.
            var ended = await Task.WhenAny(work).ConfigureAwait(false);
            await ended.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogFailed(_logger, exception);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            buffers.ForEach(b => b.Dispose());
        }
    }

    /// <summary>The token from <c>token:</c> or the file <c>tokenFile:</c> names (read once, at start).</summary>
    private static string? TokenOf(CollectorOptions settings) =>
        settings.TokenFile is { } file ? File.ReadAllText(file).Trim() : settings.Token?.Trim();

    private IHostSampler CreateSampler(ObservedHost host, CollectorOptions settings, HttpClient http) => host.ScrapeUrl is { } url
        ? new ScrapeSampler(new PrometheusScraper(http, url, host.ScrapeTimeout), HostSamplerOptions.DefaultFactsEvery, time)
        : new HostSampler(new HostSamplerOptions { Root = settings.Root, Processes = settings.Processes, Links = settings.Links.Select(LinkProbe.From).ToList() });

    /// <summary>Measures the collector's own cost every interval (what <c>self</c> reports) and holds it to the budget.</summary>
    private async Task WatchBudgetAsync(SelfMonitor monitor, CitizenBudget budget, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            budget.Observe(monitor.Measure());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Observing {Host} as collector {CollectorId} ({Source}) every {Interval} s")]
    private static partial void LogObserving(ILogger logger, string host, string collectorId, string source, double interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turtle.Collector {Version} started; gateways {Gateways}; buffer in {Directory}")]
    private static partial void LogStarted(ILogger logger, string version, string gateways, string directory);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The collector stopped on an error it cannot recover from")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
