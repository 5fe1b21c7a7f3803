using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// Rolls up and prunes the history store once at start and then every <see cref="HistoryOptions.MaintenancePeriod"/>.
/// Every silo may run it: the stores make the work idempotent (and the durable ones serialize it), so the cost of
/// two silos doing it is one empty pass.
/// </summary>
public sealed class HistoryMaintenanceService(IHistoryStore store, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryMaintenanceService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenancePeriod, time);
        do
        {
            try
            {
                await store.RollUpAndPruneAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed pass (database restarting) is retried next period; the watermarks make nothing lost.
                logger.LogWarning(exception, "History rollup and pruning failed; retrying in {Period}", options.Value.MaintenancePeriod);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
