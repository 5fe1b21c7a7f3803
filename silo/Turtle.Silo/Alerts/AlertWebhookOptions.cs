namespace Turtle.Silo.Alerts;

/// <summary>Where and how alert transitions are posted, bound from <c>Turtle:Alerts:Webhooks</c> (docs/alerts.md).</summary>
public sealed class AlertWebhookOptions
{
    public const string SectionName = "Turtle:Alerts:Webhooks";

    /// <summary>Absolute http(s) URLs; each gets every transition. <value>Default none: no notifications.</value></summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>How long one attempt may take. <value>Default 10 seconds.</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per transition and URL, the first included. <value>Default 5.</value></summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubled before each next one. <value>Default 1 second.</value></summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. <value>Default 1 minute.</value></summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Transitions waiting to be sent; when full, new ones are dropped with a warning (twins never wait). <value>Default 1000.</value></summary>
    public int QueueCapacity { get; set; } = 1000;
}
