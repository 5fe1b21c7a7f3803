namespace Turtle.Twin.Predictions;

/// <summary>
/// A robust straight line: the Theil–Sen estimator. The slope is the median of the slopes between every pair of points,
/// so up to ~29 % of the points can be wild without moving it; the intercept is the median of y − slope·x. The slope's
/// 95 % interval is Sen's distribution-free one, read off the sorted pairwise slopes at ranks (N ∓ C) / 2 with
/// C = 1.96 √(n(n−1)(2n+5)/18) (Kendall's S variance, no ties). Points of a time series are serially correlated, which
/// makes that interval narrower than it should be: it is a spread, not a guarantee.
/// </summary>
public sealed record TheilSenFit(double Slope, double Intercept, double SlopeLow, double SlopeHigh, double ResidualMad, int Points)
{
    /// <summary>The line's value at <paramref name="x"/>.</summary>
    public double At(double x) => Intercept + Slope * x;
}

/// <summary>Fits <see cref="TheilSenFit"/> lines.</summary>
public static class TheilSen
{
    /// <summary>Beyond this many points, every k-th is kept (the pairs grow as n²).</summary>
    public const int MaxPoints = 400;

    /// <summary>The fit of (x, y) points, or null with fewer than 3 points or no two distinct x.</summary>
    public static TheilSenFit? Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y must have the same length.", nameof(y));
        }

        var index = Thin(x.Count);
        var n = index.Length;
        if (n < 3)
        {
            return null;
        }

        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[index[j]] - x[index[i]];
                if (dx != 0)
                {
                    slopes.Add((y[index[j]] - y[index[i]]) / dx);
                }
            }
        }

        if (slopes.Count == 0)
        {
            return null;
        }

        slopes.Sort();
        var slope = Median(slopes);
        var pairs = slopes.Count;
        var c = 1.96 * Math.Sqrt(n * (n - 1.0) * (2.0 * n + 5) / 18);
        var low = slopes[Math.Clamp((int)Math.Floor((pairs - c) / 2), 0, pairs - 1)];
        var high = slopes[Math.Clamp((int)Math.Ceiling((pairs + c) / 2), 0, pairs - 1)];

        var offsets = index.Select(i => y[i] - slope * x[i]).Order().ToList();
        var intercept = Median(offsets);
        var residuals = index.Select(i => Math.Abs(y[i] - (intercept + slope * x[i]))).Order().ToList();
        return new TheilSenFit(slope, intercept, low, high, Median(residuals), n);
    }

    /// <summary>The median of an ascending list.</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        var n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int[] Thin(int count)
    {
        var every = Math.Max(1, (int)Math.Ceiling(count / (double)MaxPoints));
        // Keep the last point: the newest is the one an ETA starts from.
        return Enumerable.Range(0, count).Where(i => (count - 1 - i) % every == 0).ToArray();
    }
}
