using Turtle.Twin.Twins;

namespace Turtle.Twin.Fleet;

/// <summary>What the fleet grain persists: every host and link key ever observed.</summary>
public sealed class FleetState
{
    public SortedSet<string> Hosts { get; set; } = new(StringComparer.Ordinal);

    public SortedSet<string> Links { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The fleet index: which hosts and links exist (DCs follow from host keys). Written only when something new
/// appears, so it stays off the ingest path once the fleet is known. Reentrant, so that registrations arriving while
/// the index is written (a new fleet of thousands of hosts) share the next write. The graph is assembled from it by
/// the query side.
/// </summary>
[Reentrant]
public sealed class FleetGrain : Grain, IFleetGrain
{
    private readonly IPersistentState<FleetState> _state;
    private readonly CoalescedWrites _writes;

    public FleetGrain([PersistentState("fleet")] IPersistentState<FleetState> state)
    {
        _state = state;
        _writes = new CoalescedWrites(() => state.WriteStateAsync());
    }

    public Task RegisterHost(string hostKey) => _state.State.Hosts.Add(hostKey) ? _writes.WriteAsync() : Task.CompletedTask;

    public Task RegisterLink(string linkKey) => _state.State.Links.Add(linkKey) ? _writes.WriteAsync() : Task.CompletedTask;

    public Task<FleetIndex> GetIndex()
    {
        var dcs = _state.State.Hosts.Select(TwinKeys.DcOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(new FleetIndex(dcs, _state.State.Hosts.ToList(), _state.State.Links.ToList()));
    }
}
