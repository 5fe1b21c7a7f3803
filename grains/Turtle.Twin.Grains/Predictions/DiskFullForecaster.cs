using System.Globalization;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Predictions;

/// <summary>
/// When a filesystem fills: the Theil–Sen growth rate of its used bytes (<see cref="TheilSen"/>) applied to the space
/// left at the latest point (its level from the line and the latest points, <see cref="Level"/>). Only the points since the last clean-up count (a drop of more than
/// <see cref="CleanupFraction"/> of the size that lasts starts the trend afresh), so a rotated log does not
/// make a growing disk look flat. No ETA unless growth is significant (the rate's 95 % interval is above zero) and
/// would fill within <see cref="Horizon"/>. The likely range combines the rate's interval with the noise around the line.
/// </summary>
public static class DiskFullForecaster
{
    /// <summary>The fewest points a trend is fitted to.</summary>
    public const int MinPoints = 6;

    /// <summary>The shortest span a trend is fitted over.</summary>
    public static readonly TimeSpan MinSpan = TimeSpan.FromHours(1);

    /// <summary>The span from which a trend's confidence is no longer reduced for being short.</summary>
    public static readonly TimeSpan FullConfidenceSpan = TimeSpan.FromDays(1);

    /// <summary>ETAs further out than this are reported as <see cref="DiskTrend.Flat"/>.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(365);

    /// <summary>The latest points whose offset from the trend line sets the level the space left is counted from.</summary>
    public const int LevelPoints = 5;

    /// <summary>A drop of this fraction of the size between consecutive points is a clean-up.</summary>
    public const double CleanupFraction = 0.01;

    /// <summary>Predicts from <paramref name="points"/> (time, used bytes), oldest first.</summary>
    public static DiskFullPrediction Predict(string mount, double sizeBytes, IReadOnlyList<(DateTimeOffset Time, double UsedBytes)> points)
    {
        if (points.Count == 0)
        {
            return Insufficient(mount, sizeBytes, 0, 0, TimeSpan.Zero, "no history yet");
        }

        var last = points[^1];
        var start = LastCleanup(points, sizeBytes);
        var segment = points.Skip(start).ToList();
        var span = segment[^1].Time - segment[0].Time;
        if (last.UsedBytes >= sizeBytes)
        {
            return new DiskFullPrediction(mount, DiskTrend.Full, sizeBytes, last.UsedBytes, 0, 0, 0, last.Time, last.Time, last.Time, 1,
                "latest used bytes against the size", segment.Count, span);
        }

        var cleaned = start > 0 ? string.Create(CultureInfo.InvariantCulture, $"trend since a clean-up at {points[start].Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : null;
        if (segment.Count < MinPoints || span < MinSpan)
        {
            return Insufficient(mount, sizeBytes, last.UsedBytes, segment.Count, span,
                cleaned ?? string.Create(CultureInfo.InvariantCulture, $"needs {MinPoints} points over {MinSpan.TotalHours:0} h"));
        }

        var origin = segment[0].Time;
        var fit = TheilSen.Fit(segment.Select(p => (p.Time - origin).TotalDays).ToList(), segment.Select(p => p.UsedBytes).ToList());
        if (fit is null)
        {
            return Insufficient(mount, sizeBytes, last.UsedBytes, segment.Count, span, cleaned);
        }

        var method = string.Create(CultureInfo.InvariantCulture,
            $"Theil–Sen slope of used bytes over {segment.Count} points ({Describe(span)}); 95 % interval by Sen's method");
        var remaining = sizeBytes - Level(segment, origin, fit);
        // The level is still an estimate: the range also moves it by two robust standard deviations of the points
        // around the line (1.4826 × MAD), not only the slope by its interval.
        var noise = 2 * 1.4826 * fit.ResidualMad;
        var spanFactor = Math.Min(1, span / FullConfidenceSpan);
        var prediction = new DiskFullPrediction(mount, DiskTrend.Flat, sizeBytes, last.UsedBytes, fit.Slope, fit.SlopeLow, fit.SlopeHigh,
            null, null, null, 0, method, segment.Count, span, cleaned);

        if (fit.SlopeLow > 0)
        {
            var eta = TimeSpan.FromDays(remaining / fit.Slope);
            if (eta <= Horizon)
            {
                return prediction with
                {
                    Trend = DiskTrend.Rising,
                    FullAt = last.Time + eta,
                    FullAtEarliest = last.Time + TimeSpan.FromDays(Math.Max(0, remaining - noise) / fit.SlopeHigh),
                    FullAtLatest = last.Time + TimeSpan.FromDays(Math.Min((remaining + noise) / fit.SlopeLow, 100 * 365.0)),
                    Confidence = Math.Clamp(1 - (fit.SlopeHigh - fit.SlopeLow) / (2 * fit.Slope), 0, 1) * spanFactor,
                };
            }

            prediction = prediction with { Note = Join(cleaned, string.Create(CultureInfo.InvariantCulture, $"growing, but would take {eta.TotalDays / 365:0.#} years to fill")) };
        }
        else if (fit.SlopeHigh < 0)
        {
            return prediction with
            {
                Trend = DiskTrend.Falling,
                Confidence = Math.Clamp(1 - (fit.SlopeHigh - fit.SlopeLow) / (2 * -fit.Slope), 0, 1) * spanFactor,
            };
        }

        // Flat: as sure as the fastest plausible growth is far from filling the space left within the horizon.
        var worstYear = Math.Max(0, fit.SlopeHigh) * Horizon.TotalDays;
        return prediction with { Confidence = Math.Clamp(1 - worstYear / Math.Max(remaining, 1), 0, 1) * spanFactor };
    }

    /// <summary>
    /// Where used bytes stand now: the line at the latest point, moved by the median offset of the last
    /// <see cref="LevelPoints"/> points from it. Not the latest value alone, which is one noisy reading (and the series'
    /// only raw one, after hourly means); not the line alone, which lags a step the disk has just taken.
    /// </summary>
    private static double Level(List<(DateTimeOffset Time, double UsedBytes)> segment, DateTimeOffset origin, TheilSenFit fit)
    {
        var offsets = segment.TakeLast(LevelPoints).Select(p => p.UsedBytes - fit.At((p.Time - origin).TotalDays)).Order().ToList();
        return fit.At((segment[^1].Time - origin).TotalDays) + TheilSen.Median(offsets);
    }

    /// <summary>
    /// The first point after the latest clean-up: where the median of the (up to) 5 points from there is below the
    /// median of the 5 before by more than the threshold. Medians, so that one wild reading is not a clean-up; a drop
    /// shows once 3 points follow it.
    /// </summary>
    private static int LastCleanup(IReadOnlyList<(DateTimeOffset Time, double UsedBytes)> points, double sizeBytes)
    {
        const int Window = 5;
        for (var i = points.Count - 3; i > 0; i--)
        {
            var before = MedianOf(points, Math.Max(0, i - Window), i);
            var after = MedianOf(points, i, Math.Min(points.Count, i + Window));
            if (before - after > CleanupFraction * sizeBytes)
            {
                return i;
            }
        }

        return 0;
    }

    private static double MedianOf(IReadOnlyList<(DateTimeOffset Time, double UsedBytes)> points, int from, int to) =>
        TheilSen.Median(Enumerable.Range(from, to - from).Select(i => points[i].UsedBytes).Order().ToList());

    private static DiskFullPrediction Insufficient(string mount, double size, double used, int count, TimeSpan span, string? note) =>
        new(mount, DiskTrend.InsufficientData, size, used, 0, 0, 0, null, null, null, 0, "none: too little history", count, span, note);

    internal static string Describe(TimeSpan span) =>
        span.TotalDays >= 2 ? Invariant($"{span.TotalDays:0.#} d") : span.TotalHours >= 2 ? Invariant($"{span.TotalHours:0.#} h") : Invariant($"{span.TotalMinutes:0} min");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string? Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
