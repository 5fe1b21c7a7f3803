using System.Globalization;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>How one value looks in a table cell: percentages, bytes, times, and health in its colour.</summary>
public static class Cells
{
    public const string None = "-";

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : None;

    public static string Number(double? value, string format = "0.##") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : None;

    public static string Bytes(long? value)
    {
        if (value is not { } bytes)
        {
            return None;
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double size = bytes;
        var unit = 0;
        while (Math.Abs(size) >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : size.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>UTC to the second, as the API's times are: <c>2026-11-22 09:00:05Z</c>.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : None;

    /// <summary>RFC 3339 UTC, as CSV and messages write times.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>How long ago: <c>12s ago</c>, <c>5m ago</c>, <c>3h ago</c>, <c>2d ago</c>.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return None;
        }

        var age = now - t;
        return age < TimeSpan.Zero ? "just now"
            : age < TimeSpan.FromMinutes(2) ? $"{(int)age.TotalSeconds}s ago"
            : age < TimeSpan.FromHours(2) ? $"{(int)age.TotalMinutes}m ago"
            : age < TimeSpan.FromDays(2) ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    public static Markup Health(HealthStatus health) => new($"[{HealthColour(health)}]{health}[/]");

    public static Markup Status<T>(T status) where T : struct, Enum => new($"[{StatusColour(status.ToString())}]{status}[/]");

    public static Markup Plain(string? text) => new(Markup.Escape(text ?? None));

    private static string HealthColour(HealthStatus health) => health switch
    {
        HealthStatus.Ok => "green",
        HealthStatus.Warning => "yellow",
        HealthStatus.Critical => "red",
        HealthStatus.LostContact => "magenta",
        _ => "grey",
    };

    private static string StatusColour(string status) => status switch
    {
        "Up" => "green",
        "Degraded" => "yellow",
        "Down" => "red",
        _ => "grey",
    };
}
