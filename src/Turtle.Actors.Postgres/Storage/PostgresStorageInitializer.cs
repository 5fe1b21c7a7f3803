using Microsoft.Extensions.Hosting;

namespace Turtle.Actors.Postgres;

/// <summary>
/// Migrates the schema while the host starts, before the silo accepts calls, so an unreachable server or a failed
/// migration stops start-up with its error instead of failing the first grain activation.
/// </summary>
internal sealed class PostgresStorageInitializer(PostgresGrainStorage storage) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => storage.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
