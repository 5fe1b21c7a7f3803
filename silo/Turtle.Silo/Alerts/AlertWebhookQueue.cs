using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Turtle.Twin.Alerts;

namespace Turtle.Silo.Alerts;

/// <summary>
/// The silo's <see cref="IAlertNotifier"/>: host twins drop transitions here and go on; <see cref="AlertWebhookSender"/>
/// posts them. Bounded: when the receivers are down long enough to fill it, new transitions are dropped and counted
/// in a warning rather than holding up twins or growing without bound.
/// </summary>
internal sealed class AlertWebhookQueue : IAlertNotifier
{
    private readonly Channel<HostAlert> _channel;
    private readonly bool _enabled;
    private readonly ILogger<AlertWebhookQueue> _logger;

    public AlertWebhookQueue(IOptions<AlertWebhookOptions> options, ILogger<AlertWebhookQueue> logger)
    {
        _enabled = options.Value.Urls.Count > 0;
        _logger = logger;
        _channel = Channel.CreateBounded<HostAlert>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            dropped => _logger.LogWarning("Alert webhook queue full: the notification of {Alert} ({Key}) is dropped", dropped.Key, dropped.IdempotencyKey));
    }

    public ChannelReader<HostAlert> Reader => _channel.Reader;

    public void Notify(HostAlert transition)
    {
        if (_enabled)
        {
            _channel.Writer.TryWrite(transition);
        }
    }
}
