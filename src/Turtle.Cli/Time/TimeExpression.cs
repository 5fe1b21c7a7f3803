using System.Globalization;
using System.Text.RegularExpressions;

namespace Turtle.Cli.Time;

/// <summary>
/// A point in time as the command line gives it: ISO-8601 / RFC 3339 (<c>2026-11-22T09:00:00Z</c>; no offset means
/// UTC), <c>now</c>, or relative to now (<c>-24h</c>, <c>-30m</c>, <c>-7d</c>, <c>-2w</c>, <c>now-90s</c>, <c>+5m</c>).
/// </summary>
public static partial class TimeExpression
{
    public const string Examples = "ISO-8601 (2026-11-22T09:00:00Z), now, or relative like -24h, -30m, -7d";

    /// <summary>The time <paramref name="text"/> names, relative ones from <paramref name="now"/>; a usage error names <paramref name="option"/>.</summary>
    public static DateTimeOffset Parse(string text, DateTimeOffset now, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        if (Relative().Match(trimmed) is { Success: true } match)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var span = Duration.FromUnit(amount, match.Groups["unit"].Value[0]);
            return match.Groups["sign"].Value == "-" ? now - span : now + span;
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        throw CliException.Usage($"bad time for {option}: '{text}' is not {Examples}");
    }

    [GeneratedRegex(@"^(?:now)?(?<sign>[-+])(?<amount>\d+(?:\.\d+)?)(?<unit>[smhdw])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Relative();
}
