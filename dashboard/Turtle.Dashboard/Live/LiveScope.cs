using Microsoft.AspNetCore.Http;
using Turtle.Dashboard.Components.Shared;
using Turtle.Dashboard.Pages;
using Turtle.Twin;
using Turtle.Twin.Changes;

namespace Turtle.Dashboard.Live;

/// <summary>
/// What one page's stream covers: which changes concern it, which of its fragments to re-render (with the page's own
/// query, so sorting and filters hold), and how long to gather changes before rendering: a fleet changes all the time,
/// so its page is refreshed at most once a second; a host page within a tenth of one.
/// </summary>
internal sealed record LiveScope(string? KeyPrefix, Func<TwinChange, bool> Concerns, TimeSpan Coalesce, IReadOnlyList<LiveFragment> Fragments, string? HostKey)
    : IDisposable
{
    /// <summary>When set, the fragments are rendered on this period rather than on changes (the cluster's call rates).</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>Held for the stream's lifetime (the cluster page's call counting).</summary>
    public IDisposable? Resource { get; init; }

    public void Dispose() => Resource?.Dispose();

    public static LiveScope? From(IQueryCollection query, IServiceProvider services)
    {
        var key = query["key"].ToString();
        switch (query["scope"].ToString())
        {
            case "fleet":
                return new LiveScope(null, _ => true, TimeSpan.FromSeconds(1),
                    [LiveFragment.Of<FleetOverview>("fleet-overview"), LiveFragment.Of<AlertNavCount>("nav-alerts")], null);
            case "alerts":
                // Only host changes that touch alerts (or add a host) concern the page; gathered for half a second.
                return new LiveScope(null, c => c.Kind == TwinKind.Host && (c.Changed.Contains("alerts") || c.Changed.Contains("created")),
                    TimeSpan.FromMilliseconds(500), [LiveFragment.Of<AlertBoard>("alerts-board"), LiveFragment.Of<AlertNavCount>("nav-alerts")], null);
            case "dc" when TwinKeys.IsDcName(key):
                var hosts = HostListQuery.Parse(query["sort"], query["dir"], query["q"], query["health"], int.TryParse(query["page"], out var page) ? page : null);
                return new LiveScope(key, c => c.Key == key || c.Key.StartsWith(key + "/", StringComparison.Ordinal), TimeSpan.FromMilliseconds(500),
                [
                    LiveFragment.Of<DcSummary>("dc-summary", ("Dc", key)),
                    LiveFragment.Of<DcHosts>("dc-hosts", ("Dc", key), ("Query", hosts)),
                ], null);
            case "host" when TwinKeys.IsHostKey(key):
                var sort = query["psort"].ToString() is { Length: > 0 } s ? s : "cpu";
                return new LiveScope(key, c => c.Key == key || c.Key.StartsWith(key + "/", StringComparison.Ordinal) || c.Key.StartsWith(key + TwinKeys.LinkArrow, StringComparison.Ordinal),
                    TimeSpan.FromMilliseconds(100),
                [
                    LiveFragment.Of<HostLive>("host-live", ("HostKey", key)),
                    LiveFragment.Of<HostProcesses>("host-processes", ("HostKey", key), ("Search", query["pq"].ToString()), ("Sort", sort)),
                ], key);
            case "cluster" when services.GetService(typeof(IClusterView)) is IClusterView cluster && cluster.WatchCalls() is { } watch:
                IReadOnlyList<MethodCalls>? previous = null;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                return new LiveScope(null, _ => false, TimeSpan.Zero,
                [
                    new LiveFragment("cluster-calls", renderer =>
                    {
                        var current = cluster.CallTotals();
                        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                        var before = previous;
                        previous = current;
                        clock.Restart();
                        return renderer.RenderAsync<ClusterCalls>(new Dictionary<string, object?> { ["Previous"] = before, ["Current"] = current, ["Seconds"] = seconds });
                    }),
                ], null) { Period = TimeSpan.FromSeconds(1), Resource = watch };
            case "failover":
                // The judge's status is not in the change feed: read every second while the page is open.
                return new LiveScope(null, _ => false, TimeSpan.Zero, [LiveFragment.Of<FailoverState>("failover-state")], null) { Period = TimeSpan.FromSeconds(1) };
            default:
                return null;
        }
    }
}

/// <summary>A page region with an id, and how to render it again.</summary>
internal sealed record LiveFragment(string Id, Func<FragmentRenderer, Task<string>> Render)
{
    public static LiveFragment Of<TComponent>(string id, params (string Name, object? Value)[] parameters) where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new(id, renderer => renderer.RenderAsync<TComponent>(parameters.ToDictionary(p => p.Name, p => p.Value)));
}
