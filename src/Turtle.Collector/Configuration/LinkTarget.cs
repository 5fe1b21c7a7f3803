namespace Turtle.Collector.Configuration;

/// <summary>
/// A link the observed machine probes every interval (YAML <c>links:</c> items, the silo's <c>Turtle:Collector:Links</c>):
/// <see cref="Count"/> TCP connects to <see cref="Target"/>, reported as the link to <see cref="To"/>. Settable, like the
/// other option types, for the configuration binder's source generator.
/// </summary>
public sealed record LinkTarget
{
    public const int DefaultCount = 3;

    public const int MaxCount = 20;

    public const double DefaultTimeoutSeconds = 1;

    public const double MaxTimeoutSeconds = 60;

    /// <summary>The far end in the twin: a host key (<c>dc2/gw</c>) or a DC (<c>dc2</c>). Required.</summary>
    public string? To { get; set; }

    /// <summary>What to connect to: <c>host:port</c>, an IP address or a DNS name (<c>10.0.2.1:22</c>, <c>[fd00::1]:443</c>, <c>gw.dc2:22</c>). Required.</summary>
    public string? Target { get; set; }

    /// <summary>Connects per interval, 1 to 20, all started at once. <value>Default 3.</value></summary>
    public int Count { get; set; } = DefaultCount;

    /// <summary>
    /// The longest the whole round of this link may take, name lookup included; a connect not done by then is lost.
    /// Above 0, at most 60 and below the interval. <value>Default 1 s.</value>
    /// </summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;
}
