using System.Reflection;
using Turtle.Collector.Buffering;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Citizen;

/// <summary>
/// The collector's report on itself, sent as <c>self</c> with the batches of the host it runs on: its latest CPU and
/// memory (<see cref="SelfMonitor"/>) and its whole buffer, every observed host's together, since they share one
/// process and one disk budget.
/// </summary>
public sealed class CollectorSelf(SelfMonitor monitor, IReadOnlyList<DiskBuffer> buffers)
{
    private const int MaxVersionLength = 64; // the schema's limit

    /// <summary>This assembly's informational version (<c>1.0.0+&lt;commit&gt;</c>), cut to what the schema allows.</summary>
    public static string Version { get; } = VersionOf(typeof(CollectorSelf).Assembly);

    public CollectorHealth Report()
    {
        var usage = monitor.Latest;
        var depth = buffers.Aggregate(default(BufferDepth), (sum, buffer) => sum + buffer.Depth);
        return new CollectorHealth(usage.CpuPercent, usage.RssBytes, depth.Batches, depth.Bytes, depth.DroppedBatches, Version);
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return version.Length > MaxVersionLength ? version[..MaxVersionLength] : version;
    }
}
