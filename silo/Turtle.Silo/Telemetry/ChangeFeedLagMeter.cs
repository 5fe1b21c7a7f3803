using Turtle.Twin.Changes;

namespace Turtle.Silo.Telemetry;

/// <summary>Reads this silo's change feed like any local reader and records each change's lag (its time to now).</summary>
internal sealed class ChangeFeedLagMeter(LocalChangeFeed feed, SiloTelemetry telemetry, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(capacity: 1_024);
        try
        {
            while (await subscription.Reader.WaitToReadAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                while (subscription.Reader.TryRead(out var change))
                {
                    telemetry.ChangeReceived(now - change.Time);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
