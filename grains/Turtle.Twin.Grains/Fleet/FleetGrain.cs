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
/// appears, so it stays off the ingest path once the fleet is known. The graph is assembled from it by the query side.
/// </summary>
public sealed class FleetGrain([PersistentState("fleet")] IPersistentState<FleetState> state) : Grain, IFleetGrain
{
    public async Task RegisterHost(string hostKey)
    {
        if (state.State.Hosts.Add(hostKey))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RegisterLink(string linkKey)
    {
        if (state.State.Links.Add(linkKey))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<FleetIndex> GetIndex()
    {
        var dcs = state.State.Hosts.Select(TwinKeys.DcOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(new FleetIndex(dcs, state.State.Hosts.ToList(), state.State.Links.ToList()));
    }
}
