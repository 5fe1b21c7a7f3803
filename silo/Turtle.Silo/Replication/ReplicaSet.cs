using System.Collections.Concurrent;
using Turtle.Twin;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Silo.Replication;

/// <summary>
/// This silo's read-only replicas of the twins, and the queries' source at an observer. A twin read from its grain
/// replaces the replica whenever its version differs (the grain is the truth, even if a failover set its version
/// back); versions alone decide nothing else. The
/// recent chart window and the predictions are not replicated (history serves charts; predictions are recomputed
/// from history): they are asked of the host's grain, and are empty while the active DCs cannot be reached.
/// </summary>
public sealed class ReplicaSet(GrainTwinSource grains) : ITwinSource
{
    private readonly ConcurrentDictionary<string, DataCenterTwin> _dcs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HostTwin> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProcessTwin> _processes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LinkTwin> _links = new(StringComparer.Ordinal);
    private long _changes;

    /// <summary>Grows with every replica stored: the snapshot writer compares it to what it last wrote.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public ReplicaCounts Counts => new(_dcs.Count, _hosts.Count, _processes.Count, _links.Count);

    public bool Apply(DataCenterTwin twin) => Put(_dcs, twin.Name, twin, twin.Version, t => t.Version);

    public bool Apply(HostTwin twin) => Put(_hosts, twin.Key, twin, twin.Version, t => t.Version);

    public bool Apply(ProcessTwin twin) => Put(_processes, twin.Key, twin, twin.Version, t => t.Version);

    public bool Apply(LinkTwin twin) => Put(_links, twin.Key, twin, twin.Version, t => t.Version);

    public ReplicaSnapshot Snapshot() => new([.. _dcs.Values], [.. _hosts.Values], [.. _processes.Values], [.. _links.Values]);

    public void Load(ReplicaSnapshot snapshot)
    {
        foreach (var dc in snapshot.Dcs) Apply(dc);
        foreach (var host in snapshot.Hosts) Apply(host);
        foreach (var process in snapshot.Processes) Apply(process);
        foreach (var link in snapshot.Links) Apply(link);
    }

    public Task<FleetIndex> GetIndexAsync() => Task.FromResult(new FleetIndex(
        _dcs.Keys.Concat(_hosts.Keys.Select(TwinKeys.DcOf)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        _hosts.Keys.Order(StringComparer.Ordinal).ToList(),
        _links.Keys.Order(StringComparer.Ordinal).ToList()));

    public Task<DataCenterTwin?> GetDcAsync(string dc) => Task.FromResult(_dcs.GetValueOrDefault(dc));

    public Task<HostTwin?> GetHostAsync(string hostKey) => Task.FromResult(_hosts.GetValueOrDefault(hostKey));

    public async Task<IReadOnlyList<RecentPoint>> GetRecentAsync(string hostKey)
    {
        try
        {
            return await grains.GetRecentAsync(hostKey).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return [];
        }
    }

    public async Task<HostPredictions?> GetPredictionsAsync(string hostKey)
    {
        try
        {
            return _hosts.ContainsKey(hostKey) ? await grains.GetPredictionsAsync(hostKey).WaitAsync(TimeSpan.FromSeconds(2)) : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    public Task<ProcessTwin?> GetProcessAsync(string processKey) => Task.FromResult(_processes.GetValueOrDefault(processKey));

    public Task<LinkTwin?> GetLinkAsync(string linkKey) => Task.FromResult(_links.GetValueOrDefault(linkKey));

    private bool Put<T>(ConcurrentDictionary<string, T> map, string key, T twin, long version, Func<T, long> versionOf) where T : class
    {
        while (true)
        {
            if (!map.TryGetValue(key, out var held))
            {
                if (map.TryAdd(key, twin))
                {
                    Interlocked.Increment(ref _changes);
                    return true;
                }

                continue;
            }

            if (versionOf(held) == version)
            {
                return false;
            }

            if (map.TryUpdate(key, twin, held))
            {
                Interlocked.Increment(ref _changes);
                return true;
            }
        }
    }
}

/// <summary>Replicas held, by kind.</summary>
public sealed record ReplicaCounts(int Dcs, int Hosts, int Processes, int Links);

/// <summary>Every replica, as written to disk.</summary>
public sealed record ReplicaSnapshot(
    IReadOnlyList<DataCenterTwin> Dcs, IReadOnlyList<HostTwin> Hosts, IReadOnlyList<ProcessTwin> Processes, IReadOnlyList<LinkTwin> Links);
