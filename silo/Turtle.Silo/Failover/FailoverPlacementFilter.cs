using Microsoft.Extensions.Options;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;
using Turtle.Twin;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// Replaces the built-in active-role filter: grains go to silos whose DC may host by the failover status this silo
/// follows (not the failed DC's, the observer DC's only while it is promoted), and an active DC's twins to the DCs
/// the status lets host them (<see cref="FailoverStatus.HostDcs"/>). When no silo may host a DC's twins now (its
/// DC fails over or returns) they go wherever silos may host at all: their writes are refused there until the status
/// moves on, which is what keeps two DCs from writing one twin.
/// </summary>
public sealed class FailoverPlacementFilter(SiloAuthority authority, IOptions<FailoverOptions> options) : IPlacementFilter
{
    public IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates)
    {
        var status = authority.Status;
        var hosting = candidates.Where(s => status.MayHost(s.Dc, IsObserver(s))).ToList();
        var home = TwinKeys.DcOf(grainId.Key);
        var activeDcs = options.Value.EffectiveActiveDcs;
        if (!options.Value.Enabled || !activeDcs.Contains(home, StringComparer.OrdinalIgnoreCase))
        {
            return hosting;
        }

        var hostDcs = status.HostDcs(home, activeDcs);
        var homed = hosting.Where(s => hostDcs.Contains(s.Dc, StringComparer.OrdinalIgnoreCase)).ToList();
        return homed.Count > 0 ? homed : hosting;
    }

    public static bool IsObserver(MembershipEntry silo) => !string.Equals(silo.Role, ActiveRolePlacementFilter.ActiveRole, StringComparison.OrdinalIgnoreCase);
}
