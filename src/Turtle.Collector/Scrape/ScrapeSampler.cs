namespace Turtle.Collector.Scrape;

/// <summary>
/// Samples a host that cannot run the collector (an OpenWrt router with prometheus-node-exporter-lua) by scraping its
/// node_exporter endpoint each interval. Rates are measured between consecutive successful scrapes on a monotonic
/// clock; a failed scrape throws (the shipper skips that interval) and the next success measures from the last one.
/// Scrapes have no processes. Not thread-safe: one caller, one sample at a time.
/// </summary>
public sealed class ScrapeSampler(PrometheusScraper scraper, TimeSpan factsEvery, TimeProvider? time = null) : IHostSampler
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly PrometheusTextParser _parser = new();
    private readonly NodeExporterMapper _mapper = new();
    private readonly FactsSchedule _facts = new(factsEvery);
    private long? _lastScrapedAt;

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">The endpoint did not answer in time.</exception>
    /// <exception cref="HttpRequestException">The endpoint could not be reached or answered an error.</exception>
    /// <exception cref="PrometheusFormatException">The answer is not the Prometheus text format.</exception>
    public async ValueTask<HostSample> SampleAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var text = await scraper.ScrapeAsync(cancellationToken).ConfigureAwait(false);
        var scrapedAt = _time.GetTimestamp();
        var scrape = _parser.Parse(text);
        double? elapsed = _lastScrapedAt is { } last ? _time.GetElapsedTime(last, scrapedAt).TotalSeconds : null;
        _lastScrapedAt = scrapedAt;
        return _mapper.Map(scrape, time, elapsed, _facts.IsDue(time));
    }
}
