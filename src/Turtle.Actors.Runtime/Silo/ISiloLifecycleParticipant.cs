namespace Turtle.Actors.Runtime;

/// <summary>
/// A part of the silo with its own start and stop steps (transport, membership), run in registration order on
/// start and in reverse on stop: start (before the silo is Active), active, shutting down (before grains
/// deactivate), stopped (after they have).
/// </summary>
public interface ISiloLifecycleParticipant
{
    Task OnStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnActiveAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnShuttingDownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnStoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
