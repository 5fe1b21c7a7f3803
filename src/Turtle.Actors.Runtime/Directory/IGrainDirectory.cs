using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Directory;

/// <summary>Which silo holds the activation of a grain.</summary>
public readonly record struct GrainAddress(GrainId GrainId, SiloAddress Silo, Guid ActivationId);

/// <summary>
/// The cluster-wide map from grain to activation that keeps activations single: the first registration wins
/// and every later one is told the winner, so the loser deactivates.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>Registers <paramref name="address"/> unless another activation is registered; returns the registered address either way.</summary>
    ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="address"/> if it is the registered one.</summary>
    ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default);

    ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Forgets every activation of a silo that membership declared dead, so its grains can be placed anew.</summary>
    ValueTask RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Drops this silo's cached location of <paramref name="grainId"/> (the grain moved); the next lookup reads the directory.</summary>
    void ForgetCached(GrainId grainId)
    {
    }
}
