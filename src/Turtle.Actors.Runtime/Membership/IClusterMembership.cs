using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// The silo's current view of the cluster, kept by the membership service: which silos are active (placement
/// and routing use this) and which are known dead (calls to them fail fast).
/// </summary>
public interface IClusterMembership
{
    SiloAddress LocalSilo { get; }

    /// <summary>Every row as last read, newest version.</summary>
    MembershipSnapshot Snapshot { get; }

    /// <summary>Silos whose status is Active.</summary>
    IReadOnlyList<MembershipEntry> ActiveSilos { get; }

    bool IsDead(SiloAddress silo);

    /// <summary>
    /// Whether this silo may write grain state as a member of the cluster now (its membership lease; see
    /// <c>MembershipLease</c>). A silo that runs alone always may.
    /// </summary>
    bool HoldsLease(out string reason)
    {
        reason = "";
        return true;
    }

    /// <summary>How long until grains of dead <paramref name="silo"/> may be activated elsewhere: zero when they may now.</summary>
    TimeSpan TakeoverDelay(SiloAddress silo) => TimeSpan.Zero;

    /// <summary>Raised after the view changed (a silo joined, left or died).</summary>
    event Action<MembershipSnapshot>? Changed;
}

/// <summary>Asks a peer silo whether it is alive (the membership protocol's direct probe).</summary>
public interface ISiloProber
{
    /// <summary>True when <paramref name="target"/> answered within <paramref name="timeout"/>.</summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
