using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Placement;

/// <summary>Chooses the silo that hosts a new activation of a grain.</summary>
public interface IPlacementDirector
{
    /// <summary>Picks one of <paramref name="compatibleSilos"/> (never empty) for <paramref name="grainId"/>.</summary>
    SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> compatibleSilos);
}

/// <summary>
/// Rendezvous (highest-random-weight) hashing: every silo scores the grain, the highest score wins. Every silo
/// computes the same choice without coordination, and when a silo leaves only its own grains move.
/// </summary>
public sealed class RendezvousPlacementDirector : IPlacementDirector
{
    public SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> compatibleSilos)
    {
        ArgumentOutOfRangeException.ThrowIfZero(compatibleSilos.Count);
        var best = compatibleSilos[0];
        var bestScore = Score(grainId, best);
        for (var i = 1; i < compatibleSilos.Count; i++)
        {
            var score = Score(grainId, compatibleSilos[i]);
            if (score > bestScore)
            {
                best = compatibleSilos[i];
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>A stable 64-bit mix of grain and silo (not <see cref="string.GetHashCode()"/>, which differs per process).</summary>
    internal static ulong Score(GrainId grainId, SiloAddress silo)
    {
        var hash = Fnv1a(14695981039346656037UL, grainId.Type);
        hash = Fnv1a(hash, grainId.Key);
        hash = Fnv1a(hash, silo.Host);
        hash ^= (ulong)silo.Port;
        hash *= 1099511628211UL;
        // Final avalanche (splitmix64) so near-equal inputs spread across the whole range.
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    private static ulong Fnv1a(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xFF) * 1099511628211UL;
    }
}
