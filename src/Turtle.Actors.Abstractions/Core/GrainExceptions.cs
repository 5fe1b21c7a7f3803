namespace Turtle.Actors;

/// <summary>The grain could not be activated: its constructor, state read or <c>OnActivateAsync</c> failed. The call did not run; the next call tries a fresh activation.</summary>
public sealed class GrainActivationException(GrainId grainId, Exception innerException)
    : Exception($"Activation of grain {grainId} failed: {innerException.GetType().Name}: {innerException.Message}", innerException)
{
    public GrainId GrainId { get; } = grainId;
}

/// <summary>The call targeted an observer reference that was deleted or whose owner is gone.</summary>
public sealed class ObserverNotFoundException(GrainId observerId)
    : Exception($"Observer {observerId} is no longer registered; it was deleted or its process went away.")
{
    public GrainId ObserverId { get; } = observerId;
}

/// <summary>
/// The silo cannot serve the call now: it is not accepting new activations (starting or shutting down), another silo
/// is out of reach, or it may not write grain state because it lost touch with its cluster's membership table.
/// </summary>
public sealed class SiloUnavailableException(string message) : Exception(message)
{
}

/// <summary>
/// The call reached a silo that does not host the grain and that placement no longer allows to (its location was
/// cached by the caller before the grain moved). The caller forgets the cached location and routes the call again
/// once; this reaches application code only if the second route fails the same way.
/// </summary>
public sealed class GrainMovedException(string message) : Exception(message)
{
}
