using System.Globalization;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Predictions;

/// <summary>
/// Flags a value that is unusual against a window of recent values: the modified z-score of Iglewicz and Hoaglin,
/// 0.6745 (x − median) / MAD, anomalous beyond ±3.5. Median and MAD ignore the spikes they are meant to find (a mean
/// and standard deviation would be dragged by them). A MAD of zero (a constant series) is floored at
/// <see cref="MadFloorFraction"/> of the median plus <see cref="MadFloor"/>, so a flat line does not flag rounding noise.
/// </summary>
public static class RobustAnomaly
{
    public const double Threshold = 3.5;

    /// <summary>The fewest window points a verdict is given on.</summary>
    public const int MinWindow = 12;

    /// <summary>The window size from which confidence is no longer reduced for a short window.</summary>
    public const int FullWindow = 48;

    public const double MadFloorFraction = 0.01;

    public const double MadFloor = 0.05;

    /// <summary>The verdict on <paramref name="value"/> against <paramref name="window"/>, or null when the window is too short.</summary>
    public static AnomalyFlag? Check(string metric, DateTimeOffset time, double value, IReadOnlyList<double> window, string windowDescription)
    {
        if (window.Count < MinWindow)
        {
            return null;
        }

        var sorted = window.Order().ToList();
        var median = TheilSen.Median(sorted);
        var mad = TheilSen.Median(sorted.Select(v => Math.Abs(v - median)).Order().ToList());
        var scale = Math.Max(mad, MadFloorFraction * Math.Abs(median) + MadFloor);
        var score = 0.6745 * (value - median) / scale;
        var anomalous = Math.Abs(score) > Threshold;
        // How far the score is from the threshold, as a normal two-sided probability of the verdict, less for a short window.
        var distance = Math.Abs(Math.Abs(score) - Threshold);
        var confidence = (1 - 2 * Normal.UpperTail(distance)) * Math.Min(1, window.Count / (double)FullWindow);
        return new AnomalyFlag(metric, time, value, median, mad, score, Threshold, anomalous, Math.Clamp(confidence, 0, 1),
            string.Create(CultureInfo.InvariantCulture, $"robust z-score (median/MAD) against {windowDescription}"), window.Count);
    }
}

/// <summary>The standard normal distribution's upper tail.</summary>
internal static class Normal
{
    /// <summary>P(Z &gt; z), by the complementary error function (Numerical Recipes' erfc, error below 1.2e-7).</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
