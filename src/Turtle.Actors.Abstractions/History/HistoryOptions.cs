namespace Turtle.Actors.Configuration;

/// <summary>History store settings, bound from <c>Turtle:History</c>.</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "Turtle:History";

    /// <summary>The longest entity or metric name, in characters (fixed: the schemas are sized for it).</summary>
    public const int MaxNameLength = 256;

    /// <summary>How long raw samples are kept; also the oldest sample accepted. <value>Default 7 days.</value></summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one-minute rollups are kept. <value>Default 90 days.</value></summary>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long five-minute rollups are kept. <value>Default 365 days.</value></summary>
    public TimeSpan FiveMinuteRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long one-hour rollups are kept. <value>Default 730 days (2 years).</value></summary>
    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How far in the future a sample's time may be (collectors' clocks drift). <value>Default 1 day.</value></summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The most labels one sample may carry. <value>Default 16.</value></summary>
    public int MaxLabels { get; set; } = 16;

    /// <summary>The longest label key, in characters. <value>Default 64.</value></summary>
    public int MaxLabelKeyLength { get; set; } = 64;

    /// <summary>The longest label value, in characters. <value>Default 256.</value></summary>
    public int MaxLabelValueLength { get; set; } = 256;

    /// <summary>How often the maintenance job rolls up and prunes. <value>Default 1 minute.</value></summary>
    public TimeSpan MaintenancePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
