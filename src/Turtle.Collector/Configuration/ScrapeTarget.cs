namespace Turtle.Collector.Configuration;

/// <summary>A host observed by scraping its node_exporter endpoint (YAML <c>scrape:</c> items): its own sampler, collector id, sequence and buffer.</summary>
public sealed record ScrapeTarget
{
    public const double DefaultTimeoutSeconds = 5;

    /// <summary>The exposition's address, such as <c>http://192.168.1.1:9100/metrics</c>. Required.</summary>
    public string Url { get; set; } = "";

    /// <summary>The host's name in the twin. Required (the twin needs it before the first scrape answers).</summary>
    public string? Host { get; set; }

    /// <summary>The host's DC. <value>Default the collector's <c>dc</c>.</value></summary>
    public string? Dc { get; set; }

    /// <summary>The collector id its batches carry. <value>Default <c>&lt;dc&gt;-&lt;host&gt;</c>.</value></summary>
    public string? CollectorId { get; set; }

    /// <summary>The longest a scrape may take. <value>Default 5 s.</value></summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;
}
