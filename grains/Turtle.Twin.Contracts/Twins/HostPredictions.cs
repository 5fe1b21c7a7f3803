namespace Turtle.Twin.Twins;

/// <summary>
/// What a host twin predicts from its own history: when each filesystem fills, CPU and memory over the next 24 hours,
/// and which current values are anomalous. Recomputed by the twin every few minutes; every prediction names the method
/// used and its confidence (0–1). Immutable: the twin replaces it.
/// </summary>
public sealed record HostPredictions(
    string Host,
    DateTimeOffset ComputedAt,
    IReadOnlyList<DiskFullPrediction> Disks,
    IReadOnlyList<ResourceForecast> Forecasts,
    IReadOnlyList<AnomalyFlag> Anomalies);

/// <summary>How a filesystem's used bytes move.</summary>
public enum DiskTrend
{
    /// <summary>Too little history (fewer than 6 points or less than an hour) to tell.</summary>
    InsufficientData,

    /// <summary>Shrinking, significantly (the slope's 95 % interval is below zero).</summary>
    Falling,

    /// <summary>Neither significantly growing nor shrinking, or growing too slowly to fill within a year.</summary>
    Flat,

    /// <summary>Growing significantly: <see cref="DiskFullPrediction.FullAt"/> says when it fills.</summary>
    Rising,

    /// <summary>Already full.</summary>
    Full,
}

/// <summary>
/// When one filesystem fills at its current robust growth rate. <see cref="FullAt"/> is set only for
/// <see cref="DiskTrend.Rising"/> (and <see cref="DiskTrend.Full"/>, as the last observation's time);
/// <see cref="FullAtEarliest"/> and <see cref="FullAtLatest"/> follow from the growth rate's 95 % interval
/// (latest is null when that interval reaches zero growth).
/// </summary>
public sealed record DiskFullPrediction(
    string Mount,
    DiskTrend Trend,
    double SizeBytes,
    double UsedBytes,
    double GrowthBytesPerDay,
    double GrowthLowBytesPerDay,
    double GrowthHighBytesPerDay,
    DateTimeOffset? FullAt,
    DateTimeOffset? FullAtEarliest,
    DateTimeOffset? FullAtLatest,
    double Confidence,
    string Method,
    int Points,
    TimeSpan Span,
    string? Note = null);

/// <summary>One forecast step: the expected mean over [<see cref="Time"/>, Time + step) and its 80 % band.</summary>
public sealed record ForecastPoint(DateTimeOffset Time, double Value, double Low, double High);

/// <summary>
/// The next 24 hours of one metric (<c>cpu.percent</c>, <c>memory.used_percent</c>), one point per
/// <see cref="Step"/>. <see cref="Confidence"/> is the forecast's accuracy (1 − weighted absolute percentage error)
/// measured as <see cref="ConfidenceBasis"/> says: on the last held-out day when there are 3 days of history, else
/// in-sample (one step ahead, optimistic). <see cref="Note"/> says when a simpler method stood in.
/// </summary>
public sealed record ResourceForecast(
    string Metric,
    string Method,
    TimeSpan Step,
    double HistoryDays,
    IReadOnlyList<ForecastPoint> Points,
    ForecastPoint? Peak,
    double Confidence,
    string ConfidenceBasis,
    string? Note = null);

/// <summary>
/// Whether a metric's latest value is unusual against its recent window: a robust z-score
/// 0.6745 (x − median) / MAD, anomalous beyond ±<see cref="Threshold"/>. <see cref="Confidence"/> is how sure the
/// verdict is: 1 − 2P(Z &gt; ||score| − threshold|) for a standard normal Z (0 on the threshold, near 1 far from it),
/// scaled down for a window shorter than 48 points.
/// </summary>
public sealed record AnomalyFlag(
    string Metric,
    DateTimeOffset Time,
    double Value,
    double Median,
    double Mad,
    double Score,
    double Threshold,
    bool IsAnomalous,
    double Confidence,
    string Method,
    int Window);
