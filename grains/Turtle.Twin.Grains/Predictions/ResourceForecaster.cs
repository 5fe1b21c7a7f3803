using System.Globalization;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Predictions;

/// <summary>
/// The next 24 hours of a bounded metric (a percentage) from a regular series of step means: additive Holt-Winters with
/// a 24-hour season once there are two days of history (<see cref="HoltWinters"/>), simple exponential smoothing before
/// that (<see cref="SimpleSmoothingModel"/>, a flat forecast, said in the result's note). Bands are 80 %. With three
/// days or more, the confidence is measured: the same method is fitted without the last day and scored on it.
/// </summary>
public static class ResourceForecaster
{
    /// <summary>The seasonal period: a day.</summary>
    public static readonly TimeSpan Season = TimeSpan.FromDays(1);

    /// <summary>How far ahead the forecast reaches.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(1);

    /// <summary>The z of a two-sided 80 % band.</summary>
    private const double Z80 = 1.2816;

    /// <summary>A fitted model as the forecaster uses it: its description, and value and standard error k steps ahead.</summary>
    private sealed record Fitted(string Method, Func<int, double> Value, Func<int, double> Error);

    /// <summary>
    /// Forecasts the <see cref="Horizon"/> after <paramref name="y"/>, whose point i is the mean over
    /// [<paramref name="start"/> + i·step, + step); null is a step without data. Values are kept within [min, max].
    /// </summary>
    public static ResourceForecast Forecast(string metric, DateTimeOffset start, TimeSpan step, IReadOnlyList<double?> y, double min = 0, double max = 100)
    {
        var season = (int)(Season / step);
        var horizon = (int)(Horizon / step);
        var first = FirstUsable(y, season);
        y = y.Skip(first).ToList();
        var end = start + step * (first + y.Count);
        var days = y.Count * step / TimeSpan.FromDays(1);
        if (y.Count(v => v is not null) < 2)
        {
            return new ResourceForecast(metric, "none", step, days, [], null, 0, "no history",
                string.Create(CultureInfo.InvariantCulture, $"fewer than 2 {step.TotalMinutes:0}-minute means of history yet"));
        }

        Func<IReadOnlyList<double?>, Fitted?> fit = HoltWinters.CanFit(y, season) ? series => FitHoltWinters(series, season, step) : FitSimple;
        var model = fit(y)!;
        var note = HoltWinters.CanFit(y, season) ? null
            : days < 2 ? string.Create(CultureInfo.InvariantCulture, $"only {days * 24:0.#} h of history: a daily pattern needs 2 days, so the forecast is flat at the smoothed level")
            : "history too patchy for a daily pattern (each of two days must be half covered): the forecast is flat at the smoothed level";

        var points = new List<ForecastPoint>(horizon);
        for (var k = 1; k <= horizon; k++)
        {
            var (value, error) = (model.Value(k), model.Error(k));
            points.Add(new ForecastPoint(end + step * (k - 1), Math.Clamp(value, min, max),
                Math.Clamp(value - Z80 * error, min, max), Math.Clamp(value + Z80 * error, min, max)));
        }

        var (confidence, basis) = Confidence(y, horizon, days, fit, model, min, max);
        return new ResourceForecast(metric, model.Method, step, days, points, points.MaxBy(p => p.Value), confidence, basis, note);
    }

    private static Fitted? FitHoltWinters(IReadOnlyList<double?> y, int season, TimeSpan step)
    {
        if (HoltWinters.Fit(y, season) is not { } model)
        {
            return null;
        }

        var p = model.Parameters;
        return new Fitted(
            string.Create(CultureInfo.InvariantCulture,
                $"additive Holt-Winters, 24 h season at {step.TotalMinutes:0} min steps, damped trend; α={p.Alpha} β={p.Beta} γ={p.Gamma} φ={p.Phi} by grid search on one-step error"),
            model.Forecast, model.StandardError);
    }

    private static Fitted? FitSimple(IReadOnlyList<double?> y) =>
        SimpleSmoothingModel.Fit(y) is { } model
            ? new Fitted(string.Create(CultureInfo.InvariantCulture, $"simple exponential smoothing (flat), α={model.Alpha} by grid search on one-step error"),
                _ => model.Level, model.StandardError)
            : null;

    /// <summary>
    /// Where the usable series starts: its first value, moved on by whole seasons while the first two seasons are too
    /// patchy for Holt-Winters and what follows still holds two seasons (old gaps should not cost the seasonal model).
    /// </summary>
    private static int FirstUsable(IReadOnlyList<double?> y, int season)
    {
        var first = 0;
        while (first < y.Count && y[first] is null)
        {
            first++;
        }

        while (y.Count - first >= 3 * season && !HoltWinters.CanFit(y.Skip(first).ToList(), season))
        {
            first += season;
        }

        return first;
    }

    /// <summary>Held-out accuracy on the last day when there are 3 days, else the in-sample one-step error.</summary>
    private static (double Confidence, string Basis) Confidence(
        IReadOnlyList<double?> y, int horizon, double days, Func<IReadOnlyList<double?>, Fitted?> fit, Fitted model, double min, double max)
    {
        if (y.Count >= 3 * horizon && fit(y.Take(y.Count - horizon).ToList()) is { } heldOut)
        {
            var forecast = Enumerable.Range(1, horizon).Select(k => Math.Clamp(heldOut.Value(k), min, max)).ToList();
            var error = ForecastError.Of(y.Skip(y.Count - horizon).ToList(), forecast);
            if (error.Points > 0 && !double.IsNaN(error.Wape))
            {
                return (Math.Clamp(1 - error.Wape / 100, 0, 1),
                    string.Create(CultureInfo.InvariantCulture, $"held out the last 24 h: WAPE {error.Wape:0.#} %, MAPE {Finite(error.Mape)} %"));
            }
        }

        var mean = y.OfType<double>().Average(Math.Abs);
        var oneStep = model.Error(1);
        var confidence = mean == 0 ? 0 : Math.Clamp(1 - oneStep / mean, 0, 1) * Math.Min(1, days / 3);
        return (confidence, string.Create(CultureInfo.InvariantCulture,
            $"in-sample one-step error ({oneStep:0.##} RMS against a mean of {mean:0.##}), scaled by {days:0.##} of 3 days of history"));
    }

    private static string Finite(double value) => double.IsFinite(value) ? value.ToString("0.#", CultureInfo.InvariantCulture) : "n/a";
}
