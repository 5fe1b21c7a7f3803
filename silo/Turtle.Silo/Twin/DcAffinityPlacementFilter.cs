using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;
using Turtle.Twin;

namespace Turtle.Silo.Twin;

/// <summary>
/// Twin grains live in their DC: a grain keyed <c>dc2/...</c> is placed on a DC2 silo when one is a candidate. Keys
/// naming no DC with a candidate silo (the fleet index, the change feed, a DC without silos) are placed anywhere.
/// </summary>
public sealed class DcAffinityPlacementFilter : IPlacementFilter
{
    public IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates)
    {
        var dc = TwinKeys.DcOf(grainId.Key);
        var local = candidates.Where(s => string.Equals(s.Dc, dc, StringComparison.OrdinalIgnoreCase)).ToList();
        return local.Count > 0 ? local : candidates;
    }
}
