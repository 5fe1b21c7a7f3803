using Turtle.Twin.Observations;

namespace Turtle.Collector.Devices;

/// <summary>
/// Whether a device, mount point or sensor name may be sent: the twin puts it into metric names
/// (<c>fs[/data].used_percent</c>), so <see cref="ObservationReader"/> refuses control characters, <c>]</c> and names
/// longer than <see cref="ObservationLimits.MaxDeviceNameLength"/>. Such a device is skipped rather than renamed:
/// a renamed device would be a different series than the operator expects.
/// </summary>
internal static class DeviceNames
{
    public static bool IsSendable(string name) =>
        name.Length > 0 && name.Length <= ObservationLimits.Default.MaxDeviceNameLength && !name.Contains(']') && !name.AsSpan().ContainsAnyInRange('\0', '\x1f') && !name.Contains('\x7f');

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxLength"/> characters (free text fields have a length limit too).</summary>
    public static string? Truncate(string? text, int maxLength) => text is null || text.Length <= maxLength ? text : text[..maxLength];
}
