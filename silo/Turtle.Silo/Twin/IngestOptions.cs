namespace Turtle.Silo.Twin;

/// <summary>Limits and checks of <c>POST /api/v1/observations</c>, bound from <c>Turtle:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Turtle:Ingest";

    /// <summary>The largest request body, after decompression. <value>Default 1 MiB.</value></summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The DCs observations may name; empty accepts any valid DC name. <value>Default empty.</value></summary>
    public List<string> Dcs { get; set; } = [];

    /// <summary>The request rate each token may send (a collector's, or an operator's).</summary>
    public IngestRateLimit RateLimit { get; set; } = new();
}

/// <summary>
/// A token bucket per token: <see cref="Requests"/> requests at once, refilled evenly over <see cref="Window"/>; more
/// get 429 with Retry-After (the collector keeps the batches and retries). A collector sends one request per interval
/// (5 s) and, catching up after an outage, up to 50 batches per request.
/// </summary>
public sealed class IngestRateLimit
{
    /// <summary>Requests per window (and the burst). <value>Default 600.</value></summary>
    public int Requests { get; set; } = 600;

    /// <summary>The window. <value>Default 1 minute.</value></summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
