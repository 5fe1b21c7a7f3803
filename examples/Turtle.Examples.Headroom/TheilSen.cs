namespace Turtle.Examples.Headroom;

/// <summary>
/// The Theil–Sen line through (x, y) points: the slope is the median of the slopes between every pair of points, the
/// intercept the median of y − slope·x. Robust: up to ~29% of the points can be outliers (a one-off cleanup, a log
/// burst) without moving the line, which a least-squares fit cannot say.
/// </summary>
public static class TheilSen
{
    /// <summary>At most this many points are used (evenly thinned), so the pairwise slopes stay under ~45,000.</summary>
    public const int MaxPoints = 300;

    public static (double Slope, double Intercept)? Fit(IReadOnlyList<(double X, double Y)> points)
    {
        var used = Thin(points);
        var slopes = new List<double>(used.Count * (used.Count - 1) / 2);
        for (var i = 0; i < used.Count; i++)
        {
            for (var j = i + 1; j < used.Count; j++)
            {
                if (used[j].X != used[i].X)
                {
                    slopes.Add((used[j].Y - used[i].Y) / (used[j].X - used[i].X));
                }
            }
        }

        if (slopes.Count == 0)
        {
            return null;
        }

        var slope = Median(slopes);
        return (slope, Median(used.Select(p => p.Y - slope * p.X).ToList()));
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static IReadOnlyList<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> points) =>
        points.Count <= MaxPoints ? points : Enumerable.Range(0, MaxPoints).Select(i => points[(int)((long)i * (points.Count - 1) / (MaxPoints - 1))]).ToList();
}
