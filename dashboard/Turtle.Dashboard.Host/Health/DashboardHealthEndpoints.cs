using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Turtle.Dashboard.Host.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it is connected to a gateway (503 otherwise), so a load
/// balancer sends people only to a dashboard that can show the fleet. Both anonymous, like the silo's.
/// </summary>
public static class DashboardHealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddDashboardHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<GatewayReadinessCheck>("gateway", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}
