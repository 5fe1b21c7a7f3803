using Microsoft.Extensions.Hosting;

namespace Turtle.Actors.Sqlite;

/// <summary>
/// Creates and migrates the file while the host starts, before the silo accepts calls, so a bad path or a failed
/// migration stops start-up with its error instead of failing the first grain activation.
/// </summary>
internal sealed class SqliteStorageInitializer(SqliteGrainStorage storage) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => storage.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
