namespace Turtle.Twin.Predictions;

/// <summary>
/// How far a forecast was from what happened, in percent. MAPE (mean absolute percentage error) is what "accuracy =
/// 100 − MAPE" reads; it explodes on values near zero (an idle CPU), so WAPE (Σ|error| / Σ|actual|, a MAPE weighted
/// by the values) is given beside it, and sMAPE (|error| over the mean of |actual| and |forecast|) for comparison.
/// </summary>
public readonly record struct ForecastError(double Mape, double Smape, double Wape, int Points)
{
    /// <summary>100 − MAPE, floored at 0.</summary>
    public double Accuracy => Math.Max(0, 100 - Mape);

    /// <summary>The errors over the pairs where both are present (pairs with a zero actual are left out of MAPE).</summary>
    public static ForecastError Of(IReadOnlyList<double?> actual, IReadOnlyList<double> forecast)
    {
        double ape = 0, sape = 0, absError = 0, absActual = 0;
        int n = 0, nape = 0;
        for (var i = 0; i < Math.Min(actual.Count, forecast.Count); i++)
        {
            if (actual[i] is not { } a)
            {
                continue;
            }

            var f = forecast[i];
            var e = Math.Abs(a - f);
            n++;
            absError += e;
            absActual += Math.Abs(a);
            if (a != 0)
            {
                ape += e / Math.Abs(a);
                nape++;
            }

            var scale = (Math.Abs(a) + Math.Abs(f)) / 2;
            sape += scale == 0 ? 0 : e / scale;
        }

        return n == 0
            ? new ForecastError(double.NaN, double.NaN, double.NaN, 0)
            : new ForecastError(nape == 0 ? double.NaN : 100 * ape / nape, 100 * sape / n, absActual == 0 ? double.NaN : 100 * absError / absActual, n);
    }
}
