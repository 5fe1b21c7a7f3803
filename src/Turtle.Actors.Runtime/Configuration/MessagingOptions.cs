namespace Turtle.Actors.Configuration;

/// <summary>Call settings, bound from <c>Turtle:Messaging</c> (for example <c>Turtle__Messaging__ResponseTimeout=00:00:10</c>).</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Turtle:Messaging";

    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultResponseTimeoutCheckPeriod = TimeSpan.FromSeconds(1);

    /// <summary>A call without a response by then fails with <see cref="TimeoutException"/>. <value>Default 30 seconds.</value></summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>How often pending calls are checked against their deadlines (the timeout's resolution). <value>Default 1 second.</value></summary>
    public TimeSpan ResponseTimeoutCheckPeriod { get; set; } = DefaultResponseTimeoutCheckPeriod;
}
