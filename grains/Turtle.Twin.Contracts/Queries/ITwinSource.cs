using Turtle.Twin.Twins;

namespace Turtle.Twin.Queries;

/// <summary>
/// Where twin queries read twins: the twin grains themselves (<see cref="GrainTwinSource"/>), or, at a read-only
/// observer site, its local replicas of them, so its API and dashboard keep answering when the link to the active
/// DCs is cut.
/// </summary>
public interface ITwinSource
{
    Task<FleetIndex> GetIndexAsync();

    Task<DataCenterTwin?> GetDcAsync(string dc);

    Task<HostTwin?> GetHostAsync(string hostKey);

    Task<IReadOnlyList<RecentPoint>> GetRecentAsync(string hostKey);

    Task<HostPredictions?> GetPredictionsAsync(string hostKey);

    Task<ProcessTwin?> GetProcessAsync(string processKey);

    Task<LinkTwin?> GetLinkAsync(string linkKey);
}

/// <summary>Reads each twin from its grain (keys are checked by the caller).</summary>
public sealed class GrainTwinSource(IGrainFactory grains) : ITwinSource
{
    public Task<FleetIndex> GetIndexAsync() => grains.GetGrain<IFleetGrain>(TwinKeys.Fleet).GetIndex();

    public Task<DataCenterTwin?> GetDcAsync(string dc) => grains.GetGrain<IDataCenterGrain>(dc).GetTwin();

    public Task<HostTwin?> GetHostAsync(string hostKey) => grains.GetGrain<IHostGrain>(hostKey).GetTwin();

    public Task<IReadOnlyList<RecentPoint>> GetRecentAsync(string hostKey) => grains.GetGrain<IHostGrain>(hostKey).GetRecent();

    public Task<HostPredictions?> GetPredictionsAsync(string hostKey) => grains.GetGrain<IHostGrain>(hostKey).GetPredictions();

    public Task<ProcessTwin?> GetProcessAsync(string processKey) => grains.GetGrain<IProcessGrain>(processKey).GetTwin();

    public Task<LinkTwin?> GetLinkAsync(string linkKey) => grains.GetGrain<INetworkLinkGrain>(linkKey).GetTwin();
}
