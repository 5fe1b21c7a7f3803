using System.Globalization;

namespace Turtle.Cli.Time;

/// <summary>A length of time as the command line and the history API write it: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>1w</c> or <c>00:05:00</c>.</summary>
public static class Duration
{
    /// <summary>The positive duration <paramref name="text"/> names; a usage error names <paramref name="option"/>.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 1 && "smhdw".Contains(char.ToLowerInvariant(trimmed[^1])) &&
            double.TryParse(trimmed[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            return FromUnit(amount, trimmed[^1]);
        }

        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw CliException.Usage($"bad duration for {option}: '{text}' is not like 30s, 5m, 1h, 1d or 00:05:00");
    }

    public static TimeSpan FromUnit(double amount, char unit) => char.ToLowerInvariant(unit) switch
    {
        's' => TimeSpan.FromSeconds(amount),
        'm' => TimeSpan.FromMinutes(amount),
        'h' => TimeSpan.FromHours(amount),
        'd' => TimeSpan.FromDays(amount),
        'w' => TimeSpan.FromDays(7 * amount),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Units are s, m, h, d and w."),
    };

    /// <summary>The shortest of <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c> that is exact, else the TimeSpan text.</summary>
    public static string Format(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.Ticks / TimeSpan.TicksPerDay}d"
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{span.Ticks / TimeSpan.TicksPerHour}h"
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{span.Ticks / TimeSpan.TicksPerMinute}m"
        : span.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{span.Ticks / TimeSpan.TicksPerSecond}s"
        : span.ToString("c", CultureInfo.InvariantCulture);
}
