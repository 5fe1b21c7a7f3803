using Microsoft.Extensions.Hosting;

namespace Turtle.Actors.Hosting;

/// <summary>
/// Runs a provider's initialization (creating or migrating its schema) while the host starts, before the silo accepts
/// calls, so an unreachable server or a failed migration stops start-up with its error instead of failing the first
/// grain activation. Register with <c>AddSingleton&lt;IHostedService&gt;</c>, once per provider instance.
/// </summary>
public sealed class StartupInitializer(Func<CancellationToken, Task> initialize) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => initialize(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
