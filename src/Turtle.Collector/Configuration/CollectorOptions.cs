using Turtle.Collector.Buffering;
using Turtle.Collector.Shipping;

namespace Turtle.Collector.Configuration;

/// <summary>
/// Everything the collector executable is told, bound from the section <c>Collector</c>: the YAML file
/// (<c>--config</c>) first, the command line over it. docs/collector.md shows every setting in a YAML example.
/// Settable rather than init-only, here and in the option types below it: the collector publishes as a native
/// executable, where configuration is bound by the binder's source generator, which can only assign settable properties.
/// </summary>
public sealed record CollectorOptions
{
    public const string SectionName = "Collector";

    public const double DefaultInterval = 5;

    public const double DefaultCpuBudgetPercent = 3;

    public const long DefaultMemoryBudgetBytes = 64L * 1024 * 1024;

    /// <summary>Gateway base addresses (<c>http://silo-1:5080</c>), tried in order. At least one is required (<c>--gateway</c>).</summary>
    public IReadOnlyList<string> Gateways { get; set; } = [];

    /// <summary>
    /// The collector's API token (<c>turtle tokens create &lt;collector&gt;</c>), sent to the gateways only as
    /// <c>Authorization: Bearer</c>. Prefer <see cref="TokenFile"/>: a file readable only by the collector's user.
    /// <value>Default none (a silo with authentication on answers 401, and the batches stay buffered).</value>
    /// </summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (<c>--token-file</c>); surrounding white space is ignored. <value>Default none.</value></summary>
    public string? TokenFile { get; set; }

    /// <summary>The DC this machine is in (<c>--dc</c>). Required.</summary>
    public string? Dc { get; set; }

    /// <summary>This machine's name in the twin (<c>--host</c>). <value>Default the machine name, made a valid host name.</value></summary>
    public string? Host { get; set; }

    /// <summary>The collector id of this machine's batches (<c>--collector-id</c>). <value>Default <c>&lt;dc&gt;-&lt;host&gt;</c>.</value></summary>
    public string? CollectorId { get; set; }

    /// <summary>Whether to observe the machine the collector runs on; false for a collector that only scrapes. <value>Default true.</value></summary>
    public bool ObserveThisHost { get; set; } = true;

    /// <summary>The directory /proc and /sys are read under (a host root mounted into a container: <c>/host</c>). <value>Default <c>/</c>.</value></summary>
    public string Root { get; set; } = HostSamplerOptions.DefaultRoot;

    /// <summary>Seconds between samples of each host, 1 to 3600 (<c>--interval</c>). <value>Default 5.</value></summary>
    public double Interval { get; set; } = DefaultInterval;

    /// <summary>Which of this machine's processes to report. <value>Default the top 10 by CPU and by memory, none watched.</value></summary>
    public ProcessSelection Processes { get; set; } = new();

    /// <summary>Hosts observed through their node_exporter endpoint. <value>Default none.</value></summary>
    public IReadOnlyList<ScrapeTarget> Scrape { get; set; } = [];

    /// <summary>Links this machine probes by TCP connect every interval, sent with its observations. <value>Default none.</value></summary>
    public IReadOnlyList<LinkTarget> Links { get; set; } = [];

    /// <summary>The on-disk buffer (<c>--buffer</c> sets its directory).</summary>
    public BufferOptions Buffer { get; set; } = new();

    /// <summary>Requests to the gateways: timeout, batches per request, back-off.</summary>
    public ShipperOptions Shipping { get; set; } = new();

    /// <summary>The CPU the collector may use, averaged over a minute, in percent of one CPU; more is logged as a warning. <value>Default 3.</value></summary>
    public double CpuBudgetPercent { get; set; } = DefaultCpuBudgetPercent;

    /// <summary>The resident memory the collector may use, averaged over a minute; more is logged as a warning. <value>Default 64 MiB.</value></summary>
    public long MemoryBudgetBytes { get; set; } = DefaultMemoryBudgetBytes;
}
