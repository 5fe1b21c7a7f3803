using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>Refuses grain state and history writes while this silo does not hold its membership lease (<see cref="MembershipLease"/>).</summary>
internal sealed class MembershipLeaseWriteGate(IClusterMembership membership) : IGrainWriteGate
{
    public void ThrowIfClosed(GrainId grainId)
    {
        if (!membership.HoldsLease(out var reason))
        {
            throw new SiloUnavailableException(
                $"{grainId} cannot be written on silo {membership.LocalSilo}: {reason}. Retry through another silo, or here once it reads the table again.");
        }
    }
}
