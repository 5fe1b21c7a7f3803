using Turtle.Actors.History;
using Turtle.Twin.Observations;
using Turtle.Twin.Predictions;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Hosts;

/// <summary>
/// A host twin's predictions: reads the host's history (five-minute and hour tiers) and hands it to the forecasting
/// code in <c>Predictions/</c>. The twin calls <see cref="RefreshAsync"/> on a timer, not per observation, and keeps
/// <see cref="Latest"/> in memory: a reactivated twin computes it again on the first tick or request.
/// </summary>
internal sealed class HostPredictor(IHistoryStore history, TimeProvider time)
{
    /// <summary>CPU and memory forecasts: 30-minute means of the last 14 days (a 48-step daily season).</summary>
    public static readonly TimeSpan ForecastStep = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan ForecastHistory = TimeSpan.FromDays(14);

    /// <summary>Disk trends: up to 7 days, at 1 h (2 days or more), 15 min (6 h or more) or 5 min.</summary>
    public static readonly TimeSpan DiskHistory = TimeSpan.FromDays(7);

    /// <summary>Anomalies: the latest five minutes against the 6 hours before.</summary>
    public static readonly TimeSpan AnomalyWindow = TimeSpan.FromHours(6);

    public static readonly TimeSpan AnomalyStep = TimeSpan.FromMinutes(5);

    private static readonly string[] Forecasted = [ObservationMetrics.CpuPercent, ObservationMetrics.MemoryUsedPercent];

    private static readonly string[] Watched = [ObservationMetrics.CpuPercent, ObservationMetrics.MemoryUsedPercent, ObservationMetrics.Load1];

    public HostPredictions? Latest { get; private set; }

    /// <summary>When the first tick after activation is due: spread over a period, so a restarted silo's twins do not all read at once.</summary>
    public static TimeSpan FirstDue(TimeSpan period) => period * Random.Shared.NextDouble();

    /// <summary>Recomputes every prediction of <paramref name="twin"/> from history and keeps it as <see cref="Latest"/>.</summary>
    public async Task<HostPredictions> RefreshAsync(HostTwin twin, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var forecasts = new List<ResourceForecast>(Forecasted.Length);
        foreach (var metric in Forecasted)
        {
            var from = Align(Later(now - ForecastHistory, twin.FirstSeen), ForecastStep);
            var to = Align(now, ForecastStep);
            var series = to > from ? await ReadAsync(twin.Key, metric, from, to, ForecastStep, cancellationToken) : [];
            var y = Regular(series, from, to, ForecastStep, p => p.Avg);
            forecasts.Add(ResourceForecaster.Forecast(metric, from, ForecastStep, y));
        }

        var disks = new List<DiskFullPrediction>();
        foreach (var fs in twin.Metrics?.Filesystems ?? [])
        {
            disks.Add(await PredictDiskAsync(twin, fs, now, cancellationToken));
        }

        var anomalies = new List<AnomalyFlag>(Watched.Length);
        foreach (var metric in Watched)
        {
            if (await CheckAsync(twin.Key, metric, now, cancellationToken) is { } flag)
            {
                anomalies.Add(flag);
            }
        }

        return Latest = new HostPredictions(twin.Key, now, disks, forecasts, anomalies);
    }

    private async Task<DiskFullPrediction> PredictDiskAsync(HostTwin twin, FilesystemUsage fs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var span = Earlier(DiskHistory, now - twin.FirstSeen);
        var step = span >= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : span >= TimeSpan.FromHours(6) ? TimeSpan.FromMinutes(15) : AnomalyStep;
        var from = Align(now - span, step);
        var series = now > from ? await ReadAsync(twin.Key, ObservationMetrics.Device("fs", fs.Mount, "used_bytes"), from, now, step, cancellationToken) : [];
        // A bucket's mean stands at its middle; the twin's own latest value ends the series.
        var points = series.Select(p => (p.Time + step / 2, p.Avg)).Where(p => p.Item1 < twin.LastSeen).ToList();
        points.Add((twin.LastSeen, fs.UsedBytes));
        return DiskFullForecaster.Predict(fs.Mount, fs.SizeBytes, points);
    }

    private async Task<AnomalyFlag?> CheckAsync(string hostKey, string metric, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = Align(now - AnomalyWindow, AnomalyStep);
        var series = await ReadAsync(hostKey, metric, from, now, AnomalyStep, cancellationToken);
        if (series.Count < 2)
        {
            return null;
        }

        var latest = series[^1];
        var window = series.Take(series.Count - 1).Select(p => p.Avg).ToList();
        return RobustAnomaly.Check(metric, latest.Time, latest.Avg, window, "the 5-minute means of the 6 h before");
    }

    private async Task<IReadOnlyList<HistoryPoint>> ReadAsync(string hostKey, string metric, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var result = await history.QueryAsync(new HistoryQuery([hostKey], metric, from, to, step), cancellationToken);
        return result.Count == 0 ? [] : result[0].Points;
    }

    /// <summary>Step means on a regular grid from <paramref name="from"/> to <paramref name="to"/>; null where a step has no data.</summary>
    internal static double?[] Regular(IReadOnlyList<HistoryPoint> points, DateTimeOffset from, DateTimeOffset to, TimeSpan step, Func<HistoryPoint, double> value)
    {
        var y = new double?[Math.Max(0, (int)((to - from) / step))];
        foreach (var point in points)
        {
            var i = (int)((point.Time - from) / step);
            if (i >= 0 && i < y.Length)
            {
                y[i] = value(point);
            }
        }

        return y;
    }

    /// <summary>The start of the <paramref name="step"/>-long period (counted from the Unix epoch) holding <paramref name="time"/>.</summary>
    internal static DateTimeOffset Align(DateTimeOffset time, TimeSpan step) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((time - DateTimeOffset.UnixEpoch).Ticks / step.Ticks * step.Ticks);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Earlier(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
