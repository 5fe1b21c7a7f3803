using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Who watches whom: live silos in a ring ordered by address, each probing its next few successors. Every silo is
/// then watched by as many predecessors as each silo probes, and no silo is left unwatched while two are alive.
/// </summary>
internal static class SiloRing
{
    public static readonly IComparer<SiloAddress> AddressOrder = Comparer<SiloAddress>.Create(static (a, b) =>
    {
        var byHost = string.CompareOrdinal(a.Host, b.Host);
        return byHost != 0 ? byHost : a.Port != b.Port ? a.Port.CompareTo(b.Port) : a.Generation.CompareTo(b.Generation);
    });

    /// <summary>The silos <paramref name="local"/> probes: up to <paramref name="count"/> successors among <paramref name="live"/>.</summary>
    public static IReadOnlyList<SiloAddress> Successors(SiloAddress local, IEnumerable<SiloAddress> live, int count)
    {
        var ring = live.Where(a => a != local).Append(local).Distinct().Order(AddressOrder).ToList();
        var self = ring.IndexOf(local);
        var watched = Math.Min(count, ring.Count - 1);
        var successors = new SiloAddress[watched];
        for (var i = 0; i < watched; i++)
        {
            successors[i] = ring[(self + 1 + i) % ring.Count];
        }

        return successors;
    }
}
