using System.Globalization;

namespace Turtle.Dashboard.Formatting;

/// <summary>How numbers and times read on the dashboard: short, in units people use, "–" for unknown.</summary>
public static class Format
{
    public const string Unknown = "–";

    public static string Percent(double? value) => value is { } v ? v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " %" : Unknown;

    public static string Number(double? value, string format = "0.00") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : Unknown;

    public static string Bytes(double? value)
    {
        if (value is not { } v)
        {
            return Unknown;
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (Math.Abs(v) >= 1024 && unit < units.Length - 1)
        {
            v /= 1024;
            unit++;
        }

        return v.ToString(v < 10 && unit > 0 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Rate(double? bytesPerSecond) => bytesPerSecond is null ? Unknown : Bytes(bytesPerSecond) + "/s";

    /// <summary>"12 s ago", "3 min ago", "2 h ago", "4 d ago".</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return Unknown;
        }

        var age = now - t;
        return age.TotalSeconds < 1 ? "now"
            : age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s ago"
            : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min ago"
            : age.TotalHours < 36 ? $"{age.TotalHours:0} h ago"
            : $"{age.TotalDays:0} d ago";
    }

    /// <summary>"in 40 min", "in 5 h", "in 12 d", or "now" for a time already past.</summary>
    public static string Until(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return Unknown;
        }

        var left = t - now;
        return left <= TimeSpan.Zero ? "now"
            : left.TotalMinutes < 90 ? $"in {left.TotalMinutes:0} min"
            : left.TotalHours < 48 ? $"in {left.TotalHours:0} h"
            : $"in {left.TotalDays:0} d";
    }

    /// <summary>A confidence of 0–1 as a whole percentage.</summary>
    public static string Confidence(double confidence) => (100 * confidence).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? Unknown;

    /// <summary>A health or status as people read it ("Lost contact" rather than "LostContact").</summary>
    public static string Status(object status) => status.ToString() is "LostContact" ? "Lost contact" : status.ToString() ?? Unknown;

    /// <summary>The severity class of a percentage against the default thresholds, for bars.</summary>
    public static string Severity(double percent) => percent >= 95 ? "Critical" : percent >= 85 ? "Warning" : "Ok";
}
