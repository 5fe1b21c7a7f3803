namespace Turtle.Silo.Security;

/// <summary>Request limits of the HTTP server, bound from <c>Turtle:Http</c>; ingest has its own (<c>Turtle:Ingest</c>).</summary>
public sealed class HttpLimitOptions
{
    public const string SectionName = "Turtle:Http";

    /// <summary>
    /// The largest request body of any endpoint that sets no limit of its own (ingest allows <c>Turtle:Ingest:MaxBodyBytes</c>).
    /// Larger bodies get 413. <value>Default 64 KiB.</value>
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Sign-in attempts (dashboard and <c>turtle login</c>) per client address per minute; more get 429. <value>Default 10.</value></summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
}

/// <summary>An endpoint's own body limit, instead of <see cref="HttpLimitOptions.MaxRequestBodyBytes"/>.</summary>
public sealed record BodyLimit(long Bytes);
