namespace Turtle.Twin.Predictions;

/// <summary>Smoothing weights of level, trend and season, and the trend's damping per step.</summary>
public sealed record HoltWintersParameters(double Alpha, double Beta, double Gamma, double Phi);

/// <summary>
/// A fitted additive Holt-Winters model (level + damped trend + a season of some steps) at the
/// end of its series, ready to forecast the steps after it.
/// </summary>
public sealed class HoltWintersModel(HoltWintersParameters parameters, double level, double trend, double[] season, int next, double sigma)
{
    public HoltWintersParameters Parameters { get; } = parameters;

    /// <summary>The root mean square of the one-step errors while fitting.</summary>
    public double Sigma { get; } = sigma;

    /// <summary>The expected value <paramref name="steps"/> (1-based) after the series' last point.</summary>
    public double Forecast(int steps)
    {
        var phi = Parameters.Phi;
        var damped = phi == 1 ? steps : phi * (1 - Math.Pow(phi, steps)) / (1 - phi);
        return level + damped * trend + season[(next + steps - 1) % season.Length];
    }

    /// <summary>
    /// The standard deviation of the error <paramref name="steps"/> ahead, from the model's innovations form:
    /// σ √(1 + Σ_{j&lt;h} c_j²), c_j = α + αβ·φ(1−φʲ)/(1−φ) + (1−α)γ·[j a multiple of the season].
    /// </summary>
    public double StandardError(int steps)
    {
        var (alpha, beta, gamma, phi) = (Parameters.Alpha, Parameters.Beta, Parameters.Gamma, Parameters.Phi);
        var sum = 1.0;
        for (var j = 1; j < steps; j++)
        {
            var damped = phi == 1 ? j : phi * (1 - Math.Pow(phi, j)) / (1 - phi);
            var c = alpha + alpha * beta * damped + (j % season.Length == 0 ? (1 - alpha) * gamma : 0);
            sum += c * c;
        }

        return Sigma * Math.Sqrt(sum);
    }
}

/// <summary>
/// Additive Holt-Winters with a damped trend, its weights chosen by a grid search on the one-step squared error.
/// Initial state from the first two seasons: level the first season's mean, trend the change of mean between them per
/// step, seasonal offsets the first season's deviations from its mean. Missing points (null) are stepped over: the
/// state moves on with the forecast in place of the value.
/// </summary>
public static class HoltWinters
{
    private static readonly double[] Alphas = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5];
    private static readonly double[] Betas = [0, 0.01, 0.05];
    private static readonly double[] Gammas = [0.05, 0.1, 0.2, 0.35];
    private static readonly double[] Phis = [0.9, 0.98, 1];

    /// <summary>The least fraction of each of the first two seasons that must be present.</summary>
    public const double MinCoverage = 0.5;

    /// <summary>Whether <paramref name="y"/> holds enough to fit a season of <paramref name="season"/> steps.</summary>
    public static bool CanFit(IReadOnlyList<double?> y, int season) =>
        season >= 2 && y.Count >= 2 * season && Coverage(y, 0, season) >= MinCoverage && Coverage(y, season, season) >= MinCoverage;

    /// <summary>The best model on the grid, or null when <see cref="CanFit"/> is false.</summary>
    public static HoltWintersModel? Fit(IReadOnlyList<double?> y, int season)
    {
        if (!CanFit(y, season))
        {
            return null;
        }

        HoltWintersModel? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        foreach (var beta in Betas)
        foreach (var gamma in Gammas)
        foreach (var phi in Phis)
        {
            var model = Run(y, season, new HoltWintersParameters(alpha, beta, gamma, phi), out var error);
            if (error < bestError)
            {
                (best, bestError) = (model, error);
            }
        }

        return best;
    }

    /// <summary>Runs the recursions with fixed weights; <paramref name="sse"/> is the one-step squared error.</summary>
    public static HoltWintersModel Run(IReadOnlyList<double?> y, int m, HoltWintersParameters p, out double sse)
    {
        var mean1 = Mean(y, 0, m);
        var mean2 = Mean(y, m, m);
        var trend = (mean2 - mean1) / m;
        var season = new double[m];
        for (var i = 0; i < m; i++)
        {
            // Deviation from the first season's trend line; a missing point borrows the second season's.
            var line = mean1 + trend * (i - (m - 1) / 2.0);
            season[i] = y[i] is { } v ? v - line : y[i + m] is { } w ? w - (line + trend * m) : 0;
        }

        var offset = season.Average();
        for (var i = 0; i < m; i++)
        {
            season[i] -= offset;
        }

        var level = mean1 + trend * (m - 1) / 2.0;
        sse = 0;
        var count = 0;
        for (var t = m; t < y.Count; t++)
        {
            var s = season[t % m];
            var forecast = level + p.Phi * trend + s;
            var value = y[t] ?? forecast;
            if (y[t] is not null)
            {
                sse += (value - forecast) * (value - forecast);
                count++;
            }

            var newLevel = p.Alpha * (value - s) + (1 - p.Alpha) * (level + p.Phi * trend);
            trend = p.Beta * (newLevel - level) + (1 - p.Beta) * p.Phi * trend;
            level = newLevel;
            season[t % m] = p.Gamma * (value - level) + (1 - p.Gamma) * s;
        }

        var sigma = count > 0 ? Math.Sqrt(sse / count) : 0;
        return new HoltWintersModel(p, level, trend, season, y.Count % m, sigma);
    }

    private static double Coverage(IReadOnlyList<double?> y, int start, int length)
    {
        var present = 0;
        for (var i = start; i < start + length; i++)
        {
            present += y[i] is null ? 0 : 1;
        }

        return present / (double)length;
    }

    private static double Mean(IReadOnlyList<double?> y, int start, int length)
    {
        double sum = 0;
        var count = 0;
        for (var i = start; i < start + length; i++)
        {
            if (y[i] is { } v)
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
