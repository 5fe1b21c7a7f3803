using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// Replaces the built-in active-role filter when failover runs: grains go to silos whose DC may host by the failover
/// status this silo follows: not the failed DC's, and the observer DC's only while it is promoted.
/// </summary>
public sealed class FailoverPlacementFilter(SiloAuthority authority) : IPlacementFilter
{
    public IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates) =>
        candidates.Where(s => authority.Status.MayHost(s.Dc, IsObserver(s))).ToList();

    public static bool IsObserver(MembershipEntry silo) => !string.Equals(silo.Role, ActiveRolePlacementFilter.ActiveRole, StringComparison.OrdinalIgnoreCase);
}
