using Turtle.Actors;
using Turtle.Twin;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Examples.Headroom;

/// <summary>One DC as read through the client: its overview, its twin (with host summaries) and each host's full twin.</summary>
public sealed record DcSnapshot(DcOverview Overview, DataCenterTwin Twin, IReadOnlyList<HostTwin> Hosts);

/// <summary>Reads the fleet through grains: <see cref="TwinQueries"/> for the DC list, then each DC's and host's twin, in parallel.</summary>
public static class FleetReader
{
    public static async Task<IReadOnlyList<DcSnapshot>> ReadAsync(IGrainFactory grains)
    {
        var dcs = await new TwinQueries(grains).GetDcsAsync();
        var snapshots = await Task.WhenAll(dcs.Select(async overview =>
        {
            var twin = await grains.GetGrain<IDataCenterGrain>(overview.Name).GetTwin();
            if (twin is null)
            {
                return null;
            }

            var hosts = await Task.WhenAll(twin.Hosts.Select(h => grains.GetGrain<IHostGrain>(h.Key).GetTwin()));
            return new DcSnapshot(overview, twin, hosts.OfType<HostTwin>().OrderBy(h => h.Key, StringComparer.Ordinal).ToList());
        }));
        return snapshots.OfType<DcSnapshot>().OrderBy(d => d.Overview.Name, StringComparer.Ordinal).ToList();
    }
}
