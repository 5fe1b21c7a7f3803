using System.Globalization;
using System.Text.RegularExpressions;

namespace Turtle.Twin.Alerts;

/// <summary>Durations as rules write them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, <c>0</c>, or a TimeSpan (<c>00:05:00</c>).</summary>
public static partial class AlertDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var match = Units().Match(text);
        if (match.Success)
        {
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unit = part.Value[^1];
                var amount = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
                duration += unit switch
                {
                    'd' => TimeSpan.FromDays(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }

            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhms])+$")]
    private static partial Regex Units();
}
