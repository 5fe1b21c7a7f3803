namespace Turtle.Twin.Observations;

/// <summary>
/// The bounds a batch must keep. They protect the twin and the history store from a buggy or hostile collector; the
/// defaults fit a large host (hundreds of filesystems, a thousand processes) with room to spare.
/// </summary>
public sealed record ObservationLimits
{
    /// <summary>The oldest observation accepted, relative to now: older ones fall outside raw history retention.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead of the silo's clock an observation may be (collector clocks drift).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    public int MaxProcesses { get; init; } = 1_000;

    public int MaxLinks { get; init; } = 256;

    /// <summary>The most entries in each list of devices (filesystems, disks, interfaces, temperatures).</summary>
    public int MaxDevices { get; init; } = 256;

    /// <summary>The longest name of a host part (mount point, disk, interface, sensor): it becomes part of a metric name.</summary>
    public int MaxDeviceNameLength { get; init; } = 200;

    public int MaxTextLength { get; init; } = 256;

    public int MaxCommandLength { get; init; } = 4_096;

    public static ObservationLimits Default { get; } = new();
}
