using Microsoft.Extensions.Diagnostics.HealthChecks;
using Turtle.Actors.Client;

namespace Turtle.Dashboard.Host.Health;

/// <summary>Ready while the cluster client has a gateway connection open: without one the pages cannot read the twin.</summary>
internal sealed class GatewayReadinessCheck(ClusterClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.IsConnected && client.Gateway is { } gateway
            ? HealthCheckResult.Healthy($"Connected to gateway silo {gateway}.")
            : HealthCheckResult.Unhealthy("No gateway connection; the client is reconnecting."));
}
