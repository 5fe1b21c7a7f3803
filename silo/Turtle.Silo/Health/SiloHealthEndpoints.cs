using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;

namespace Turtle.Silo.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (200 while it runs). <c>/health/ready</c>: the silo accepts calls (200
/// once active; 503 before that and from the moment shutdown begins, so load balancers drain it first), is Active in
/// the membership view that it keeps reading, and its grain storage answers. Both answer JSON naming each check.
/// </summary>
public static class SiloHealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddSingleton<StorageReadinessCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageReadinessCheck>());
        services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag])
            .AddCheck<MembershipReadinessCheck>("membership", tags: [ReadyTag])
            .AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapSiloHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous: load balancers and orchestrators probe them without credentials; they reveal only up or not.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }
}

/// <summary>Healthy only while the silo is <see cref="Turtle.Actors.Runtime.SiloStatus.Active"/>.</summary>
internal sealed class SiloReadinessCheck(Turtle.Actors.Runtime.Silo silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.Status == Turtle.Actors.Runtime.SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.Name} is active with {silo.ActivationCount} activations.")
            : HealthCheckResult.Unhealthy($"Silo {silo.Name} is {silo.Status}."));
}
