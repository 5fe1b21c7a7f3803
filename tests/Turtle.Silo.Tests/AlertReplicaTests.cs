using Turtle.Silo.Replication;
using Turtle.Twin.Alerts;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Silo.Tests;

/// <summary>
/// An observer answers <c>GET /api/v1/alerts</c> from its replicas: the alerts travel inside the host twins, and the
/// query reads only the replica set (no grain is asked: the grain source here has no factory at all).
/// </summary>
public sealed class AlertReplicaTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Alerts_are_read_from_replicated_host_twins_grouped_worst_host_first()
    {
        var replicas = new ReplicaSet(new GrainTwinSource(null!));
        replicas.Apply(Twin("dc1/gw", Alert("dc1/gw", "cpu", AlertSeverity.Warning, AlertState.Firing)));
        replicas.Apply(Twin("dc2/nas", Alert("dc2/nas", "disk", AlertSeverity.Critical, AlertState.Firing, "/data"),
            Alert("dc2/nas", "load", AlertSeverity.Info, AlertState.Pending)) with { ResolvedAlerts = [Alert("dc2/nas", "disk", AlertSeverity.Critical, AlertState.Resolved, "/old")] });
        replicas.Apply(Twin("dc2/quiet"));
        var queries = new TwinQueries(replicas);

        var firing = await queries.GetAlertsAsync(AlertFilter.Firing, Now);
        var all = await queries.GetAlertsAsync(new AlertFilter(new HashSet<AlertState>(), new HashSet<AlertSeverity>(), Dc: "dc2", Host: "n*"), Now);

        Assert.Equal(["dc2/nas", "dc1/gw"], firing.Hosts.Select(h => h.Host));
        Assert.Equal(new AlertCounts(2, 1, 1, 0, 1, 1), firing.Counts);
        Assert.Equal(["disk"], firing.Hosts[0].Alerts.Select(a => a.Rule));
        Assert.Equal(AlertSeverity.Critical, firing.Hosts[0].Worst);
        var nas = Assert.Single(all.Hosts);
        Assert.Equal([AlertState.Firing, AlertState.Pending, AlertState.Resolved], nas.Alerts.Select(a => a.State));
        Assert.Equal(new AlertCounts(1, 1, 0, 0, 1, 1), all.Counts);
    }

    private static HostTwin Twin(string key, params HostAlert[] alerts) => new()
    {
        Key = key, Dc = key[..key.IndexOf('/')], Name = key[(key.IndexOf('/') + 1)..], Version = 1, Alerts = alerts,
    };

    private static HostAlert Alert(string host, string rule, AlertSeverity severity, AlertState state, string? instance = null) => new()
    {
        Rule = rule, Host = host, Instance = instance, Metric = rule, Severity = severity, State = state, Threshold = 90, ClearThreshold = 85,
        Value = 95, Peak = 95, Since = Now, FiringSince = state == AlertState.Pending ? null : Now, ResolvedAt = state == AlertState.Resolved ? Now : null, UpdatedAt = Now,
    };
}
