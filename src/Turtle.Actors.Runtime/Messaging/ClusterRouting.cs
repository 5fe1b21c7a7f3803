using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;

namespace Turtle.Actors.Runtime.Messaging;

/// <summary>
/// Decides which silo a call goes to: a local activation if there is one; an observer's owner; the silo the grain
/// directory names (unless membership declared it dead); otherwise the silo placement picks among the active silos
/// the placement filters allow to host the grain. The chosen silo activates the grain if needed and registers it in the directory,
/// where a concurrent duplicate loses. A grain of a silo that just died is placed anew only after that silo's takeover
/// delay (<see cref="IClusterMembership.TakeoverDelay"/>): until then the dead silo may still be writing it.
/// </summary>
internal sealed class ClusterRouting(
    ActivationCatalog catalog,
    IGrainDirectory directory,
    IClusterMembership membership,
    IPlacementDirector placement,
    IEnumerable<IPlacementFilter> filters,
    SiloConnections connections,
    TimeProvider time) : IPlacementCheck
{
    private readonly IReadOnlyList<IPlacementFilter> _filters = filters.ToList();

    public SiloAddress LocalSilo => connections.LocalSilo;

    public SiloConnections Connections => connections;

    public bool IsDead(SiloAddress silo) => membership.IsDead(silo);

    /// <summary>Forgets the cached location of a grain that moved.</summary>
    public void ForgetLocation(GrainId grainId) => directory.ForgetCached(grainId);

    /// <summary>
    /// Where placement would put <paramref name="grainId"/> if not on this silo: null when the filters allow this silo
    /// (or allow none, or this silo's own membership view does not list it as active yet). A silo asked to activate a
    /// grain placement puts elsewhere refuses (the caller had a stale location), so a grain that moved away is not
    /// activated back where it left.
    /// </summary>
    public SiloAddress? PlacedElsewhere(GrainId grainId)
    {
        IReadOnlyList<MembershipEntry> allowed = membership.ActiveSilos;
        if (ObserverIds.IsObserver(grainId) || !allowed.Any(s => s.Address == LocalSilo))
        {
            return null;
        }

        foreach (var filter in _filters)
        {
            allowed = filter.Filter(grainId, allowed);
        }

        return allowed.Count == 0 || allowed.Any(s => s.Address == LocalSilo) ? null : placement.Place(grainId, allowed.Select(s => s.Address).ToList());
    }

    public ValueTask<SiloAddress> LocateAsync(GrainId grainId)
    {
        if (catalog.Contains(grainId))
        {
            return ValueTask.FromResult(LocalSilo);
        }

        if (ObserverIds.IsObserver(grainId))
        {
            return ValueTask.FromResult(ObserverIds.TryGetOwner(grainId, out var owner) ? owner : LocalSilo);
        }

        var lookup = directory.LookupAsync(grainId);
        return lookup.IsCompletedSuccessfully ? ChooseAsync(grainId, lookup.Result) : LocateSlowAsync(grainId, lookup);
    }

    private async ValueTask<SiloAddress> LocateSlowAsync(GrainId grainId, ValueTask<GrainAddress?> lookup) =>
        await ChooseAsync(grainId, await lookup.ConfigureAwait(false)).ConfigureAwait(false);

    private ValueTask<SiloAddress> ChooseAsync(GrainId grainId, GrainAddress? registered)
    {
        if (registered is { } address && membership.IsDead(address.Silo) && membership.TakeoverDelay(address.Silo) is var wait && wait > TimeSpan.Zero)
        {
            return PlaceAfterAsync(grainId, wait);
        }

        return ValueTask.FromResult(Choose(grainId, registered));
    }

    /// <summary>A grain of a silo that just died waits until that silo's membership lease has surely run out, then is located again.</summary>
    private async ValueTask<SiloAddress> PlaceAfterAsync(GrainId grainId, TimeSpan wait)
    {
        await Task.Delay(wait, time).ConfigureAwait(false);
        return await LocateAsync(grainId).ConfigureAwait(false);
    }

    private SiloAddress Choose(GrainId grainId, GrainAddress? registered)
    {
        if (registered is { } address && !membership.IsDead(address.Silo))
        {
            return address.Silo;
        }

        IReadOnlyList<MembershipEntry> allowed = membership.ActiveSilos;
        foreach (var filter in _filters)
        {
            allowed = filter.Filter(grainId, allowed);
        }

        if (allowed.Count == 0)
        {
            // Joining, or no silo is allowed: this silo is the only place it can go.
            return LocalSilo;
        }

        return placement.Place(grainId, allowed.Select(s => s.Address).ToList());
    }
}
