using Turtle.Twin.Alerts;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Queries;

/// <summary>
/// Read-side questions over the twins, shared by the HTTP API, the dashboard and tools: each answer is assembled from
/// the fleet index and a few reads made in parallel, from the twin grains (in a silo and through a cluster client) or
/// from an observer's replicas.
/// </summary>
public sealed class TwinQueries(ITwinSource twins)
{
    public TwinQueries(IGrainFactory grains)
        : this(new GrainTwinSource(grains))
    {
    }

    public async Task<IReadOnlyList<DcOverview>> GetDcsAsync()
    {
        var index = await twins.GetIndexAsync();
        var dcs = await Task.WhenAll(index.Dcs.Select(dc => twins.GetDcAsync(dc)));
        return dcs.OfType<DataCenterTwin>().Select(DcOverview.From).ToList();
    }

    public Task<DataCenterTwin?> GetDcAsync(string dc) =>
        TwinKeys.IsDcName(dc) ? twins.GetDcAsync(dc) : Task.FromResult<DataCenterTwin?>(null);

    /// <summary>Hosts, worst health first, optionally of one DC, of some healths, and whose key contains <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<HostSummary>> FindHostsAsync(string? dc = null, IReadOnlySet<HealthStatus>? health = null, string? text = null)
    {
        IEnumerable<string> dcs = dc is null ? (await twins.GetIndexAsync()).Dcs : [dc];
        var dcTwins = await Task.WhenAll(dcs.Select(GetDcAsync));
        return dcTwins.OfType<DataCenterTwin>()
            .SelectMany(d => d.Hosts)
            .Where(h => health is null || health.Count == 0 || health.Contains(h.Health))
            .Where(h => string.IsNullOrEmpty(text) || h.Key.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(h => h.Health).ThenBy(h => h.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Alerts of every host (of one DC, of hosts matching a glob), grouped per host, worst first: read from the host
    /// twins, which hold their active and recently resolved alerts (so an observer answers from its replicas).
    /// </summary>
    public async Task<AlertsView> GetAlertsAsync(AlertFilter filter, DateTimeOffset at)
    {
        var index = await twins.GetIndexAsync();
        var keys = index.Hosts.Where(k => filter.Dc is null || TwinKeys.DcOf(k) == filter.Dc);
        var hosts = await Task.WhenAll(keys.Select(k => twins.GetHostAsync(k)));
        return AlertGrouping.Build(hosts.OfType<HostTwin>(), filter, at);
    }

    /// <summary>The host's recent in-memory window, oldest first; empty when the host is unknown.</summary>
    public async Task<IReadOnlyList<RecentPoint>> GetRecentAsync(string hostKey) =>
        TwinKeys.IsHostKey(hostKey) ? await twins.GetRecentAsync(hostKey) : [];

    /// <summary>The host's predictions; null when the host is unknown.</summary>
    public Task<HostPredictions?> GetPredictionsAsync(string hostKey) =>
        TwinKeys.IsHostKey(hostKey) ? twins.GetPredictionsAsync(hostKey) : Task.FromResult<HostPredictions?>(null);

    public Task<HostTwin?> GetHostAsync(string hostKey) =>
        TwinKeys.IsHostKey(hostKey) ? twins.GetHostAsync(hostKey) : Task.FromResult<HostTwin?>(null);

    /// <summary>The processes the host last listed, busiest first; null when the host is unknown.</summary>
    public async Task<IReadOnlyList<ProcessTwin>?> GetProcessesAsync(string hostKey)
    {
        if (await GetHostAsync(hostKey) is not { } host)
        {
            return null;
        }

        var processes = await Task.WhenAll(host.Processes.Select(p => twins.GetProcessAsync(p.Key)));
        return processes.OfType<ProcessTwin>().OrderByDescending(p => p.CpuPercent).ThenBy(p => p.Pid).ToList();
    }

    public Task<ProcessTwin?> GetProcessAsync(string processKey) =>
        TwinKeys.HostOfProcess(processKey) is { } host && TwinKeys.IsHostKey(host)
            ? twins.GetProcessAsync(processKey)
            : Task.FromResult<ProcessTwin?>(null);

    /// <summary>Every link, or those starting in <paramref name="dc"/>, by key.</summary>
    public async Task<IReadOnlyList<LinkTwin>> GetLinksAsync(string? dc = null)
    {
        var index = await twins.GetIndexAsync();
        var keys = index.Links.Where(k => dc is null || TwinKeys.DcOf(k) == dc);
        var links = await Task.WhenAll(keys.Select(k => twins.GetLinkAsync(k)));
        return links.OfType<LinkTwin>().ToList();
    }

    public Task<LinkTwin?> GetLinkAsync(string linkKey) =>
        TwinKeys.TryParseLink(linkKey, out _, out _) ? twins.GetLinkAsync(linkKey) : Task.FromResult<LinkTwin?>(null);

    /// <summary>
    /// The relationship graph: DCs contain hosts, hosts run processes (when <paramref name="processes"/>), links join a
    /// host to a host or a DC. A link's far end that was never observed itself still appears, as a node of unknown status.
    /// </summary>
    public async Task<FleetGraph> GetGraphAsync(string? dc = null, bool processes = true)
    {
        var index = await twins.GetIndexAsync();
        var hostKeys = index.Hosts.Where(h => dc is null || TwinKeys.DcOf(h) == dc).ToList();
        var hostsTask = Task.WhenAll(hostKeys.Select(k => twins.GetHostAsync(k)));
        var linksTask = GetLinksAsync(dc);
        var hosts = (await hostsTask).OfType<HostTwin>().ToList();
        var links = await linksTask;

        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var edges = new List<GraphEdge>();
        void AddDc(string name) => nodes.TryAdd(name, new GraphNode(name, GraphNodeKind.Dc, name, "Unknown"));
        foreach (var host in hosts)
        {
            AddDc(host.Dc);
            nodes[host.Key] = new GraphNode(host.Key, GraphNodeKind.Host, host.Name, host.Health.ToString());
            edges.Add(new GraphEdge(host.Dc, host.Key, GraphEdgeKind.Contains));
            if (processes)
            {
                foreach (var process in host.Processes)
                {
                    nodes[process.Key] = new GraphNode(process.Key, GraphNodeKind.Process, $"{process.Name} ({process.Pid})", "Running");
                    edges.Add(new GraphEdge(host.Key, process.Key, GraphEdgeKind.Runs));
                }
            }
        }

        var dcTwins = await Task.WhenAll(nodes.Values.Where(n => n.Kind == GraphNodeKind.Dc).Select(n => GetDcAsync(n.Id)).ToList());
        foreach (var dcTwin in dcTwins.OfType<DataCenterTwin>())
        {
            nodes[dcTwin.Name] = nodes[dcTwin.Name] with { Status = dcTwin.Status.ToString() };
        }

        foreach (var link in links)
        {
            if (TwinKeys.IsDcName(link.To))
            {
                AddDc(link.To);
            }
            else
            {
                nodes.TryAdd(link.To, new GraphNode(link.To, GraphNodeKind.Host, link.To[(link.To.IndexOf('/') + 1)..], HealthStatus.Unknown.ToString()));
            }

            edges.Add(new GraphEdge(link.From, link.To, GraphEdgeKind.Link, link.Status.ToString()));
        }

        return new FleetGraph(nodes.Values.OrderBy(n => n.Kind).ThenBy(n => n.Id, StringComparer.Ordinal).ToList(), edges);
    }
}
