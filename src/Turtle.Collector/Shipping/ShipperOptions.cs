namespace Turtle.Collector.Shipping;

/// <summary>How batches are pushed to the gateways (YAML <c>shipping:</c>).</summary>
public sealed record ShipperOptions
{
    public const double DefaultRequestTimeoutSeconds = 10;

    public const int DefaultBatchesPerRequest = 50;

    public const int DefaultMaxRequestBytes = 1024 * 1024;

    public const double DefaultBackoffInitialSeconds = 1;

    public const double DefaultBackoffMaxSeconds = 60;

    /// <summary>The longest wait for one gateway's answer, connecting included; then the next gateway is tried. <value>Default 10 s.</value></summary>
    public double RequestTimeoutSeconds { get; set; } = DefaultRequestTimeoutSeconds;

    /// <summary>The most batches sent in one request (as a JSON array) when a backlog waits. <value>Default 50.</value></summary>
    public int BatchesPerRequest { get; set; } = DefaultBatchesPerRequest;

    /// <summary>
    /// The most JSON bytes in one request, before compression: the silo refuses bodies over 1 MiB after decompression
    /// (<c>Turtle:Ingest:MaxBodyBytes</c>). A 413 halves the batches per request anyway. <value>Default 1 MiB.</value>
    /// </summary>
    public int MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    /// <summary>The wait after the first round in which no gateway accepted; it doubles each round. <value>Default 1 s.</value></summary>
    public double BackoffInitialSeconds { get; set; } = DefaultBackoffInitialSeconds;

    /// <summary>The longest wait between rounds. <value>Default 60 s.</value></summary>
    public double BackoffMaxSeconds { get; set; } = DefaultBackoffMaxSeconds;
}
