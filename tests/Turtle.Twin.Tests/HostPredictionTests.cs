using Turtle.Actors.History;
using Turtle.Actors.Testing;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;
using Xunit.Abstractions;

namespace Turtle.Twin.Tests;

/// <summary>
/// The host twin's predictions, read from history the way a running silo keeps it: three days of five-minute samples
/// rolled up into the five-minute and hour tiers, then the twin asked.
/// </summary>
public class HostPredictionTests(ITestOutputHelper output)
{
    private const double Size = 100e9;

    [Fact]
    public async Task A_host_with_three_days_of_history_gets_a_seasonal_forecast_a_disk_eta_and_anomaly_verdicts()
    {
        await using var silo = await TwinSilo.StartAsync();
        var now = silo.Time!.GetUtcNow();
        await WriteHistoryAsync(silo, now - TimeSpan.FromDays(3), now, spikeAtEnd: true);
        await silo.History().RollUpAndPruneAsync(now);
        var host = silo.Host("dc1/lab");
        await host.Observe(Batch(silo, 1, now - TimeSpan.FromDays(3), usedBytes: 40e9));
        await host.Observe(Batch(silo, 2, now, usedBytes: 40e9 + 3 * 2e9));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var predictions = await host.GetPredictions();
        output.WriteLine($"first GetPredictions (a refresh over 3 days of 5-minute history, memory store): {clock.Elapsed.TotalMilliseconds:0.0} ms");
        clock.Restart();
        await host.GetPredictions();
        output.WriteLine($"second GetPredictions (the kept result): {clock.Elapsed.TotalMilliseconds:0.00} ms");

        Assert.NotNull(predictions);
        var cpu = Assert.Single(predictions.Forecasts, f => f.Metric == ObservationMetrics.CpuPercent);
        Assert.StartsWith("additive Holt-Winters", cpu.Method);
        Assert.Equal(48, cpu.Points.Count);
        Assert.StartsWith("held out the last 24 h", cpu.ConfidenceBasis);
        Assert.InRange(cpu.Peak!.Time.UtcDateTime.TimeOfDay.TotalHours, 12, 16);
        var disk = Assert.Single(predictions.Disks);
        Assert.Equal(DiskTrend.Rising, disk.Trend);
        // 54 GB left at 2 GB a day: 27 days.
        Assert.InRange((disk.FullAt!.Value - now).TotalDays, 24, 30);
        Assert.Equal(3, predictions.Anomalies.Count);
        Assert.True(Assert.Single(predictions.Anomalies, a => a.Metric == ObservationMetrics.CpuPercent).IsAnomalous);
        Assert.False(Assert.Single(predictions.Anomalies, a => a.Metric == ObservationMetrics.MemoryUsedPercent).IsAnomalous);
    }

    [Fact]
    public async Task Predictions_are_recomputed_on_the_twins_timer_and_an_unknown_host_has_none()
    {
        await using var silo = await TwinSilo.StartAsync(o => o.PredictionInterval = TimeSpan.FromMinutes(10));
        var host = silo.Host("dc1/lab");
        Assert.Null(await host.GetPredictions());
        await host.Observe(silo.Batch(1));
        var first = await host.GetPredictions();
        Assert.Equal(silo.Time!.GetUtcNow(), first!.ComputedAt);
        Assert.Equal(first, await host.GetPredictions());

        silo.Time.Advance(TimeSpan.FromMinutes(10));
        await TwinSilo.Eventually(async () => (await host.GetPredictions())!.ComputedAt > first.ComputedAt, "the timer recomputes the predictions");
    }

    /// <summary>CPU with a daily wave peaking at 14:00, steady memory, and /data growing 2 GB a day, every 5 minutes.</summary>
    private static async Task WriteHistoryAsync(TestSilo silo, DateTimeOffset from, DateTimeOffset to, bool spikeAtEnd)
    {
        var random = new Random(5);
        var samples = new List<Sample>();
        for (var t = from; t < to; t += TimeSpan.FromMinutes(5))
        {
            var hours = t.UtcDateTime.TimeOfDay.TotalHours;
            var cpu = 40 + 20 * Math.Sin(2 * Math.PI * (hours - 8) / 24) + 2 * (random.NextDouble() - 0.5);
            cpu = spikeAtEnd && to - t <= TimeSpan.FromMinutes(20) ? 99 : cpu;
            var used = 40e9 + 2e9 * (t - from).TotalDays;
            samples.Add(new Sample("dc1/lab", ObservationMetrics.CpuPercent, t, cpu));
            samples.Add(new Sample("dc1/lab", ObservationMetrics.MemoryUsedPercent, t, 50 + random.NextDouble()));
            samples.Add(new Sample("dc1/lab", ObservationMetrics.Load1, t, 1 + random.NextDouble()));
            samples.Add(new Sample("dc1/lab", "fs[/data].used_bytes", t, used));
        }

        await silo.History().WriteAsync(samples);
    }

    private static Observation Batch(TestSilo silo, long seq, DateTimeOffset time, double usedBytes) => silo.Batch(seq) with
    {
        Time = time,
        Metrics = new HostMetrics
        {
            Cpu = new CpuMetrics(40),
            Memory = new MemoryMetrics(1000, 500),
            Filesystems = [new FilesystemUsage("/data", (long)Size, (long)usedBytes)],
        },
    };
}
