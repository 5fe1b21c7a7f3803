namespace Turtle.Collector.Citizen;

/// <summary>The parts of the collector's work whose time is measured, to say what costs most when it is over budget.</summary>
public enum CostPart
{
    /// <summary>Reading this host's metrics and facts from /proc and /sys.</summary>
    HostMetrics,

    /// <summary>Reading this host's processes (every /proc/&lt;pid&gt;/stat, details of the reported ones).</summary>
    Processes,

    /// <summary>Scraping node_exporter targets (waiting on the network included).</summary>
    Scraping,

    /// <summary>Serializing batches and appending them to the buffer (fsync included).</summary>
    BufferWrites,

    /// <summary>Building and compressing request bodies.</summary>
    RequestBodies,
}
