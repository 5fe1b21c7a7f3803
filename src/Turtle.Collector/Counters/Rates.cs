namespace Turtle.Collector.Counters;

/// <summary>Per-second rates and shares from two readings of monotonic counters.</summary>
internal static class Rates
{
    /// <summary>
    /// How fast the counter grew; null when it went backwards. A counter only goes backwards when it wrapped (32-bit
    /// counters on small kernels) or was reset (a device re-created), and then the true amount is unknowable: no
    /// value is better than a wrong spike.
    /// </summary>
    public static double? PerSecond(double before, double now, double elapsedSeconds) =>
        now < before || elapsedSeconds <= 0 ? null : Round((now - before) / elapsedSeconds);

    /// <inheritdoc cref="PerSecond(double, double, double)"/>
    public static double? PerSecond(double? before, double? now, double elapsedSeconds) =>
        before is { } b && now is { } n ? PerSecond(b, n, elapsedSeconds) : null;

    /// <summary><paramref name="part"/> of <paramref name="whole"/> in percent, within 0–100.</summary>
    public static double Percent(double part, double whole) => whole <= 0 ? 0 : Round(Math.Clamp(100 * part / whole, 0, 100));

    /// <summary>Two decimals: more is noise in a sample, and costs bytes on the wire.</summary>
    public static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
