using System.Globalization;

namespace Turtle.Actors;

/// <summary>How the three key kinds are written into <see cref="GrainId.Key"/>.</summary>
public static class GrainKeys
{
    public static string FromGuid(Guid key) => key.ToString("N");

    public static string FromInteger(long key) => key.ToString(CultureInfo.InvariantCulture);

    public static Guid ToGuid(string key) =>
        Guid.TryParseExact(key, "N", out var guid) ? guid : throw new FormatException($"Grain key '{key}' is not a Guid key.");

    public static long ToInteger(string key) =>
        long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Grain key '{key}' is not an integer key.");
}
