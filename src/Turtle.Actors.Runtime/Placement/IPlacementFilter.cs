using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Placement;

/// <summary>
/// Narrows the silos allowed to host a new activation before placement picks one, for example datacenter affinity:
/// a grain keyed <c>dc1/...</c> prefers DC1 silos. Filters run in registration order; a filter that would leave no
/// silo should return its input unchanged (a grain must be placeable somewhere).
/// </summary>
public interface IPlacementFilter
{
    IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates);
}

/// <summary>The built-in filter: only silos with role <c>active</c> host grains (an observer silo hosts none).</summary>
public sealed class ActiveRolePlacementFilter : IPlacementFilter
{
    public const string ActiveRole = "active";

    public IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates) =>
        candidates.Where(s => string.Equals(s.Role, ActiveRole, StringComparison.OrdinalIgnoreCase)).ToList();
}
