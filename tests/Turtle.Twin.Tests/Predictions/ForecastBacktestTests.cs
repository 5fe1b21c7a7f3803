using Turtle.Twin.Predictions;
using Xunit.Abstractions;

namespace Turtle.Twin.Tests.Predictions;

/// <summary>
/// Rolling-origin back-tests of the 24-hour forecast on synthetic series with a known trend, daily season and noise:
/// for 5 seeds and 7 origins (days 7 to 13 of a 14-day series at 30 min), the forecaster sees everything before the
/// origin and is scored on the 48 steps after it, beside a naive last-value forecast and a seasonal-naive one
/// (yesterday's value at the same time). Accuracy is 100 − MAPE.
/// </summary>
public sealed class ForecastBacktestTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);
    private const int Day = 48;
    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    public static TheoryData<string> Metrics() => ["cpu", "memory"];

    [Theory]
    [MemberData(nameof(Metrics))]
    public void The_24_hour_forecast_beats_naive_and_seasonal_naive_and_is_over_80_percent_accurate(string metric)
    {
        var series = metric == "cpu" ? SyntheticSeries.Cpu : SyntheticSeries.Memory;
        var (model, naive, seasonal, truth) = (new List<ForecastError>(), new List<ForecastError>(), new List<ForecastError>(), new List<ForecastError>());
        foreach (var seed in Seeds)
        {
            var y = series.Generate(seed, Step, 14 * Day);
            for (var origin = 7 * Day; origin < 14 * Day; origin += Day)
            {
                var train = y[..origin];
                var actual = y[origin..(origin + Day)];
                var forecast = ResourceForecaster.Forecast(metric, SyntheticSeries.Start, Step, train);
                Assert.StartsWith("additive Holt-Winters", forecast.Method);
                Assert.Null(forecast.Note);
                Assert.Equal(Day, forecast.Points.Count);
                model.Add(ForecastError.Of(actual, forecast.Points.Select(p => p.Value).ToList()));
                naive.Add(ForecastError.Of(actual, Enumerable.Repeat(train[^1]!.Value, Day).ToList()));
                seasonal.Add(ForecastError.Of(actual, train[^Day..].Select(v => v!.Value).ToList()));
                // The noiseless curve itself: the floor the noise puts under any forecast's error.
                truth.Add(ForecastError.Of(actual, Enumerable.Range(origin, Day).Select(i => series.Truth((i + 0.5) * Step.TotalDays)).ToList()));
            }
        }

        var (m, n, s) = (Mean(model), Mean(naive), Mean(seasonal));
        output.WriteLine($"{metric}: {model.Count} forecasts of 24 h");
        output.WriteLine($"  Holt-Winters    MAPE {m.Mape:0.00} %  sMAPE {m.Smape:0.00} %  WAPE {m.Wape:0.00} %  accuracy {m.Accuracy:0.0} %");
        output.WriteLine($"  seasonal naive  MAPE {s.Mape:0.00} %  sMAPE {s.Smape:0.00} %  WAPE {s.Wape:0.00} %  accuracy {s.Accuracy:0.0} %");
        output.WriteLine($"  naive (last)    MAPE {n.Mape:0.00} %  sMAPE {n.Smape:0.00} %  WAPE {n.Wape:0.00} %  accuracy {n.Accuracy:0.0} %");
        var t = Mean(truth);
        output.WriteLine($"  truth (floor)   MAPE {t.Mape:0.00} %  sMAPE {t.Smape:0.00} %  WAPE {t.Wape:0.00} %  accuracy {t.Accuracy:0.0} %");

        // The stated margins: at least 15 % less error than seasonal naive, at least half that of naive, and > 80 % accuracy.
        Assert.True(m.Mape <= 0.85 * s.Mape, $"Holt-Winters MAPE {m.Mape:0.00} % is not 15 % below seasonal naive's {s.Mape:0.00} %");
        Assert.True(m.Mape <= 0.5 * n.Mape, $"Holt-Winters MAPE {m.Mape:0.00} % is not half of naive's {n.Mape:0.00} %");
        Assert.True(m.Accuracy > 80, $"accuracy {m.Accuracy:0.0} % is not above 80 %");
    }

    [Fact]
    public void The_80_percent_band_holds_about_80_percent_of_what_happens()
    {
        var (inside, total) = (0, 0);
        foreach (var seed in Seeds)
        {
            var y = SyntheticSeries.Cpu.Generate(seed, Step, 14 * Day);
            var forecast = ResourceForecaster.Forecast("cpu", SyntheticSeries.Start, Step, y[..(13 * Day)]);
            for (var k = 0; k < Day; k++)
            {
                var actual = y[13 * Day + k]!.Value;
                inside += actual >= forecast.Points[k].Low && actual <= forecast.Points[k].High ? 1 : 0;
                total++;
            }
        }

        var coverage = 100.0 * inside / total;
        output.WriteLine($"80 % band coverage: {coverage:0.0} % of {total} points");
        Assert.InRange(coverage, 65, 95);
    }

    [Fact]
    public void The_peak_is_forecast_near_the_true_daily_peak()
    {
        var y = SyntheticSeries.Cpu.Generate(7, Step, 10 * Day);
        var forecast = ResourceForecaster.Forecast("cpu", SyntheticSeries.Start, Step, y);

        Assert.NotNull(forecast.Peak);
        var peakHour = forecast.Peak.Time.UtcDateTime.TimeOfDay.TotalHours;
        output.WriteLine($"peak {forecast.Peak.Value:0.0} % at {forecast.Peak.Time:HH:mm} (truth 14:00, {SyntheticSeries.Cpu.Truth(10 + 14.0 / 24):0.0} %)");
        Assert.InRange(peakHour, 12.5, 15.5);
        Assert.InRange(forecast.Peak.Value, 58, 72);
        Assert.StartsWith("held out the last 24 h", forecast.ConfidenceBasis);
        Assert.InRange(forecast.Confidence, 0.8, 1);
    }

    [Fact]
    public void With_less_than_two_days_the_forecast_is_flat_and_says_so()
    {
        var y = SyntheticSeries.Cpu.Generate(3, Step, 30);

        var forecast = ResourceForecaster.Forecast("cpu", SyntheticSeries.Start, Step, y);

        Assert.StartsWith("simple exponential smoothing", forecast.Method);
        Assert.Contains("daily pattern needs 2 days", forecast.Note);
        Assert.Single(forecast.Points.Select(p => p.Value).Distinct());
        Assert.StartsWith("in-sample", forecast.ConfidenceBasis);
        Assert.True(forecast.Confidence < 0.25, $"confidence {forecast.Confidence} should be low on 15 h");
    }

    [Fact]
    public void Gaps_in_history_are_stepped_over()
    {
        var y = SyntheticSeries.Memory.Generate(4, Step, 8 * Day);
        for (var i = 3 * Day; i < 3 * Day + 20; i++)
        {
            y[i] = null; // ten hours without data
        }

        var forecast = ResourceForecaster.Forecast("memory", SyntheticSeries.Start, Step, y[..(7 * Day)]);
        var error = ForecastError.Of(y[(7 * Day)..], forecast.Points.Select(p => p.Value).ToList());

        output.WriteLine($"with a 10 h gap: MAPE {error.Mape:0.00} %");
        Assert.True(error.Mape < 5, $"MAPE {error.Mape:0.00} %");
    }

    [Fact]
    public void No_history_gives_no_forecast()
    {
        var forecast = ResourceForecaster.Forecast("cpu", SyntheticSeries.Start, Step, new double?[10]);

        Assert.Empty(forecast.Points);
        Assert.Equal(0, forecast.Confidence);
    }

    private static ForecastError Mean(List<ForecastError> errors) =>
        new(errors.Average(e => e.Mape), errors.Average(e => e.Smape), errors.Average(e => e.Wape), errors.Sum(e => e.Points));
}
