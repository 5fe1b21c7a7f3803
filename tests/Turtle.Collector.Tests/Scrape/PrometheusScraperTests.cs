using System.Net;
using System.Net.Sockets;
using System.Text;
using Turtle.Collector.Scrape;

namespace Turtle.Collector.Tests.Scrape;

/// <summary>Fetching expositions: over a real loopback HTTP server, and the failures a shipper must see as such.</summary>
public class PrometheusScraperTests
{
    private static readonly string Exposition = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "node-exporter-lua", "scrape-1.prom"));

    [Fact]
    public async Task A_scrape_sampler_reads_an_exporter_over_loopback_http()
    {
        using var listener = StartListener(out var endpoint);
        var serving = ServeAsync(listener, 2);
        using var http = new HttpClient();
        var time = new SteppingTime(TimeSpan.FromSeconds(10));
        var sampler = new ScrapeSampler(new PrometheusScraper(http, endpoint, TimeSpan.FromSeconds(10)), TimeSpan.FromMinutes(10), time);

        var first = await sampler.SampleAsync(DateTimeOffset.UtcNow);
        var second = await sampler.SampleAsync(DateTimeOffset.UtcNow);
        var accepts = await serving;

        Assert.All(accepts, a => Assert.StartsWith("text/plain", a));
        Assert.Equal("gw-dc2", first.HostName);
        Assert.NotNull(first.Facts);
        Assert.Null(second.Facts);
        Assert.Equal(0, second.Metrics.Interfaces!.Single(i => i.Name == "eth0").RxBytesPerSec); // the same text twice: no traffic
        Assert.Null(second.Metrics.Cpu); // no CPU time passed between the two
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_in_time_is_a_timeout()
    {
        using var http = new HttpClient(new StallingHandler());
        var scraper = new PrometheusScraper(http, new Uri("http://127.0.0.1:9100/metrics"), TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => scraper.ScrapeAsync());

        Assert.Equal("Scraping http://127.0.0.1:9100/metrics took longer than 0.05 s.", error.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var http = new HttpClient(new StallingHandler());
        var scraper = new PrometheusScraper(http, new Uri("http://127.0.0.1:9100/metrics"), TimeSpan.FromMinutes(1));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scraper.ScrapeAsync(cancel.Token));
    }

    [Fact]
    public async Task An_error_status_and_an_oversized_answer_are_refused()
    {
        using var failing = new HttpClient(new FixedHandler(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" }));
        using var huge = new HttpClient(new FixedHandler(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[PrometheusScraper.MaxBytes + 1]) }));
        var endpoint = new Uri("http://127.0.0.1:9100/metrics");

        var status = await Assert.ThrowsAsync<HttpRequestException>(() => new PrometheusScraper(failing, endpoint, TimeSpan.FromSeconds(5)).ScrapeAsync());
        await Assert.ThrowsAsync<InvalidDataException>(() => new PrometheusScraper(huge, endpoint, TimeSpan.FromSeconds(5)).ScrapeAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Equal("Scraping http://127.0.0.1:9100/metrics answered 503 Service Unavailable.", status.Message);
    }

    private static HttpListener StartListener(out Uri endpoint)
    {
        // A free loopback port: bind one, release it, listen there (HttpListener cannot pick its own).
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/metrics");
        }

        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{endpoint.Port}/");
        listener.Start();
        return listener;
    }

    private static async Task<List<string>> ServeAsync(HttpListener listener, int requests)
    {
        var accepts = new List<string>();
        for (var i = 0; i < requests; i++)
        {
            var context = await listener.GetContextAsync();
            accepts.Add(context.Request.Headers["Accept"] ?? "");
            var body = Encoding.UTF8.GetBytes(Exposition);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }

        return accepts;
    }

    /// <summary>A monotonic clock that moves on by a fixed step each time it is read.</summary>
    private sealed class SteppingTime(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }

    private sealed class StallingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class FixedHandler(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(response);
    }
}
