namespace Turtle.Collector.Buffering;

/// <summary>The on-disk buffer (YAML <c>buffer:</c>).</summary>
public sealed record BufferOptions
{
    public const string DefaultDirectory = "./collector-buffer";

    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    public const long DefaultSegmentBytes = 1024 * 1024;

    /// <summary>Where the buffer lives; each observed host gets a folder <c>&lt;dc&gt;_&lt;host&gt;</c> in it. <value>Default <c>./collector-buffer</c>.</value></summary>
    public string Directory { get; set; } = DefaultDirectory;

    /// <summary>
    /// The most disk the buffer uses, shared equally by the observed hosts; when full, the oldest batches are dropped
    /// (counted and logged). At 5 s intervals a host's batch is some kilobytes, so the default holds hours of outage.
    /// <value>Default 32 MiB.</value>
    /// </summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>
    /// The size at which a segment file is closed and a new one started; the unit the buffer drops when full. At most
    /// a quarter of a host's share of <see cref="MaxBytes"/> is used. <value>Default 1 MiB.</value>
    /// </summary>
    public long SegmentBytes { get; set; } = DefaultSegmentBytes;
}
