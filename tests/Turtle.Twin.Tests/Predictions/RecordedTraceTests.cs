using Turtle.Actors.History;
using Turtle.Twin.Observations;
using Turtle.Twin.Predictions;
using Turtle.Twin.Twins;
using Xunit.Abstractions;

namespace Turtle.Twin.Tests.Predictions;

/// <summary>
/// The predictions on a real trace from the collector (<see cref="RecordedTrace"/>). It is shorter than two days, so
/// what it tests is the short-history path: the flat fallback forecast against a naive one, the anomaly verdicts on a
/// noisy real series, and the whole twin computing its predictions from the replayed history.
/// </summary>
public sealed class RecordedTraceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private const int Horizon = 15;

    public static TheoryData<string> Metrics() => ["cpu", "memory"];

    [Theory]
    [MemberData(nameof(Metrics))]
    public void On_the_recorded_trace_the_short_history_forecast_is_no_worse_than_naive(string metric)
    {
        var trace = RecordedTrace.Load();
        var y = trace.Rows.Select(r => metric == "cpu" ? r.Cpu : r.Memory).ToArray();
        var (model, naive) = (new List<ForecastError>(), new List<ForecastError>());
        for (var origin = 30; origin + Horizon <= y.Length; origin += 5)
        {
            var train = y[..origin];
            var actual = y[origin..(origin + Horizon)];
            var forecast = ResourceForecaster.Forecast(metric, trace.Rows[0].Time, Minute, train);
            Assert.StartsWith("simple exponential smoothing", forecast.Method);
            model.Add(ForecastError.Of(actual, forecast.Points.Take(Horizon).Select(p => p.Value).ToList()));
            naive.Add(ForecastError.Of(actual, Enumerable.Repeat(train.Last(v => v is not null)!.Value, Horizon).ToList()));
        }

        var (m, n) = (Mean(model), Mean(naive));
        output.WriteLine($"{metric}: {trace.Rows.Count} minutes, {model.Count} forecasts of {Horizon} min");
        output.WriteLine($"  SES          MAPE {m.Mape:0.00} %  sMAPE {m.Smape:0.00} %  WAPE {m.Wape:0.00} %  accuracy {m.Accuracy:0.0} %");
        output.WriteLine($"  naive (last) MAPE {n.Mape:0.00} %  sMAPE {n.Smape:0.00} %  WAPE {n.Wape:0.00} %  accuracy {n.Accuracy:0.0} %");
        Assert.True(m.Wape <= n.Wape * 1.05, $"SES WAPE {m.Wape:0.00} % is worse than naive's {n.Wape:0.00} % by more than 5 %");
    }

    [Fact]
    public void Anomaly_verdicts_on_the_recorded_trace_are_rare()
    {
        var trace = RecordedTrace.Load();
        foreach (var (name, select) in new (string, Func<RecordedTrace.Row, double?>)[] { ("cpu", r => r.Cpu), ("memory", r => r.Memory), ("load1", r => r.Load1) })
        {
            var values = trace.Rows.Select(select).OfType<double>().ToList();
            var (flagged, judged) = (0, 0);
            for (var i = 30; i < values.Count; i++)
            {
                var flag = RobustAnomaly.Check(name, trace.Rows[i].Time, values[i], values[(i - 30)..i], "the 30 minutes before");
                judged++;
                flagged += flag!.IsAnomalous ? 1 : 0;
            }

            output.WriteLine($"{name}: {flagged} of {judged} minutes flagged ({100.0 * flagged / judged:0.0} %)");
            Assert.True(flagged <= judged / 4, $"{name}: {flagged} of {judged} minutes flagged");
        }
    }

    [Fact]
    public async Task The_twin_predicts_from_the_replayed_trace()
    {
        var trace = RecordedTrace.Load();
        await using var silo = await TwinSilo.StartAsync();
        var now = silo.Time!.GetUtcNow();
        var shift = now - trace.Rows[^1].Time - Minute;
        var samples = new List<Sample>();
        foreach (var row in trace.Rows)
        {
            Add(samples, ObservationMetrics.CpuPercent, row.Time + shift, row.Cpu);
            Add(samples, ObservationMetrics.MemoryUsedPercent, row.Time + shift, row.Memory);
            Add(samples, ObservationMetrics.Load1, row.Time + shift, row.Load1);
            Add(samples, "fs[/].used_bytes", row.Time + shift, row.RootUsedBytes);
        }

        await silo.History().WriteAsync(samples);
        await silo.History().RollUpAndPruneAsync(now);
        var last = trace.Rows.Last(r => r.RootUsedBytes is not null);
        var host = silo.Host("dc1/lab");
        await host.Observe(silo.Batch(1) with { Time = trace.Rows[0].Time + shift });
        await host.Observe(silo.Batch(2) with
        {
            Metrics = new HostMetrics
            {
                Cpu = new CpuMetrics(last.Cpu ?? 0),
                Memory = new MemoryMetrics(1000, 500),
                Filesystems = [new FilesystemUsage("/", (long)trace.RootSizeBytes, (long)last.RootUsedBytes!.Value)],
            },
        });

        var predictions = (await host.GetPredictions())!;

        var disk = Assert.Single(predictions.Disks);
        output.WriteLine($"/: {disk.Trend}, {disk.GrowthBytesPerDay / 1e9:0.00} GB/day ({disk.GrowthLowBytesPerDay / 1e9:0.00}–{disk.GrowthHighBytesPerDay / 1e9:0.00}), " +
                         $"full {disk.FullAt:yyyy-MM-dd HH:mm}, confidence {disk.Confidence:0.00}, {disk.Points} points; {disk.Note}");
        foreach (var forecast in predictions.Forecasts)
        {
            output.WriteLine($"{forecast.Metric}: {forecast.Method}; peak {forecast.Peak?.Value:0.0} at {forecast.Peak?.Time:HH:mm}; confidence {forecast.Confidence:0.00} ({forecast.ConfidenceBasis}); {forecast.Note}");
            Assert.StartsWith("simple exponential smoothing", forecast.Method);
            Assert.Contains("daily pattern needs 2 days", forecast.Note);
        }

        foreach (var flag in predictions.Anomalies)
        {
            output.WriteLine($"{flag.Metric}: {flag.Value:0.##} against median {flag.Median:0.##}, z {flag.Score:0.0}, anomalous {flag.IsAnomalous}, confidence {flag.Confidence:0.00}");
        }

        Assert.NotEqual(DiskTrend.InsufficientData, disk.Trend);
        Assert.InRange(disk.Confidence, 0, 1);
        Assert.Equal(3, predictions.Anomalies.Count);
    }

    private static void Add(List<Sample> samples, string metric, DateTimeOffset time, double? value)
    {
        if (value is { } v)
        {
            samples.Add(new Sample("dc1/lab", metric, time, v));
        }
    }

    private static ForecastError Mean(List<ForecastError> errors) =>
        new(errors.Average(e => e.Mape), errors.Average(e => e.Smape), errors.Average(e => e.Wape), errors.Sum(e => e.Points));
}
