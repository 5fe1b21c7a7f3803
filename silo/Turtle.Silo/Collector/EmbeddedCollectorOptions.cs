using Turtle.Collector.Configuration;

namespace Turtle.Silo.Collector;

/// <summary>
/// The collector a silo runs in-process to observe the machine it runs on, bound from <c>Turtle:Collector</c>: on by
/// default, so the embedded default twins its own machine with no extra step.
/// </summary>
public sealed class EmbeddedCollectorOptions
{
    public const string SectionName = "Turtle:Collector";

    /// <summary>Whether the silo observes its own machine. <value>Default true.</value></summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between observations (1 to 3600). <value>Default 5.</value></summary>
    public double IntervalSeconds { get; set; } = 5;

    /// <summary>The host's name in the twin. <value>Default the machine's name (lower-cased, invalid characters replaced).</value></summary>
    public string? Host { get; set; }

    /// <summary>The DC the machine is in. <value>Default the silo's own DC (<c>Turtle:Dc</c>).</value></summary>
    public string? Dc { get; set; }

    /// <summary>Where /proc, /sys and /etc are read (a container can mount the host's root elsewhere). <value>Default "/".</value></summary>
    public string Root { get; set; } = "/";

    /// <summary>
    /// Links the machine probes by TCP connect every interval, as the collector's <c>links:</c> (<c>Turtle:Collector:Links:0:To</c>,
    /// <c>:Target</c>, <c>:Count</c>, <c>:TimeoutSeconds</c>); checked at start-up. <value>Default none.</value>
    /// </summary>
    public IReadOnlyList<LinkTarget> Links { get; set; } = [];
}
