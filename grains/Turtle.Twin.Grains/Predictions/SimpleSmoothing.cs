namespace Turtle.Twin.Predictions;

/// <summary>
/// Simple exponential smoothing: a level and nothing else, its weight chosen by a grid search on the one-step squared
/// error. Forecasts are flat at the last level; the error grows as σ √(1 + (h−1)α²). What stands in for Holt-Winters
/// while a series is too short to show a daily pattern.
/// </summary>
public sealed class SimpleSmoothingModel(double alpha, double level, double sigma)
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8];

    public double Alpha { get; } = alpha;

    public double Level { get; } = level;

    /// <summary>The root mean square of the one-step errors while fitting.</summary>
    public double Sigma { get; } = sigma;

    public double StandardError(int steps) => Sigma * Math.Sqrt(1 + (steps - 1) * Alpha * Alpha);

    /// <summary>The best model on the grid, or null when fewer than 2 points are present.</summary>
    public static SimpleSmoothingModel? Fit(IReadOnlyList<double?> y)
    {
        var values = y.OfType<double>().ToList();
        if (values.Count < 2)
        {
            return null;
        }

        SimpleSmoothingModel? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        {
            var level = values[0];
            double sse = 0;
            for (var i = 1; i < values.Count; i++)
            {
                var error = values[i] - level;
                sse += error * error;
                level += alpha * error;
            }

            if (sse < bestError)
            {
                bestError = sse;
                best = new SimpleSmoothingModel(alpha, level, Math.Sqrt(sse / (values.Count - 1)));
            }
        }

        return best;
    }
}
