using Turtle.Collector.Probes;

namespace Turtle.Collector;

/// <summary>How <see cref="HostSampler"/> samples this machine.</summary>
public sealed record HostSamplerOptions
{
    public const string DefaultRoot = "/";

    public static readonly TimeSpan DefaultFactsEvery = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DefaultNetworkFilesystemTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The directory <c>proc/</c>, <c>sys/</c> and <c>etc/</c> are read under: the host's own root, or the host's root
    /// as mounted into a container (<c>/host</c>). <value>Default <c>/</c>.</value>
    /// </summary>
    public string Root { get; init; } = DefaultRoot;

    /// <summary>Which processes to report. <value>Default the top 10 by CPU and the top 10 by memory, none watched.</value></summary>
    public ProcessSelection Processes { get; init; } = new();

    /// <summary>Facts are sent with the first sample and again when this much time has passed. <value>Default 10 minutes.</value></summary>
    public TimeSpan FactsEvery { get; init; } = DefaultFactsEvery;

    /// <summary>
    /// Clock ticks per second of the kernel's process times (<c>sysconf(_SC_CLK_TCK)</c>). <value>Default null: asked of
    /// the system when sampling this machine, else 100 (what Linux uses on every common architecture).</value>
    /// </summary>
    public long? ClockTicksPerSecond { get; init; }

    /// <summary>The longest wait for a network filesystem's size before it is skipped as hung. <value>Default 1 second.</value></summary>
    public TimeSpan NetworkFilesystemTimeout { get; init; } = DefaultNetworkFilesystemTimeout;

    /// <summary>
    /// Links probed by TCP connect with every <see cref="HostSampler.SampleAsync"/> (not by <see cref="HostSampler.Sample"/>,
    /// which never waits on the network). <value>Default none.</value>
    /// </summary>
    public IReadOnlyList<LinkProbe> Links { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Root), nameof(Root), "must name a directory");
        Require(Processes.TopByCpu is >= 0 and <= 1000, "Processes.TopByCpu", "must be between 0 and 1000");
        Require(Processes.TopByMemory is >= 0 and <= 1000, "Processes.TopByMemory", "must be between 0 and 1000");
        Require(Processes.Watched.All(n => !string.IsNullOrWhiteSpace(n)), "Processes.Watched", "must not hold empty names");
        Require(FactsEvery > TimeSpan.Zero, nameof(FactsEvery), "must be positive");
        Require(ClockTicksPerSecond is null or > 0, nameof(ClockTicksPerSecond), "must be positive");
        Require(NetworkFilesystemTimeout > TimeSpan.Zero, nameof(NetworkFilesystemTimeout), "must be positive");
        Require(Links.All(l => l.Count is >= 1 and <= Configuration.LinkTarget.MaxCount), "Links.Count", $"must be between 1 and {Configuration.LinkTarget.MaxCount}");
        Require(Links.All(l => l.Timeout > TimeSpan.Zero), "Links.Timeout", "must be positive");
    }

    private static void Require(bool valid, string setting, string rule)
    {
        if (!valid)
        {
            throw new ArgumentException($"HostSamplerOptions.{setting} {rule}.", setting);
        }
    }
}
