using Turtle.Twin.Twins;

namespace Turtle.Twin.Alerts;

/// <summary>Builds the alerts view from host twins: filtered, grouped per host, worst first.</summary>
public static class AlertGrouping
{
    public static AlertsView Build(IEnumerable<HostTwin> hosts, AlertFilter filter, DateTimeOffset at)
    {
        var scoped = hosts
            .Where(h => filter.Dc is null || h.Dc == filter.Dc)
            .Where(h => filter.Host is null || AlertGlob.MatchesHost(filter.Host, h.Key))
            .ToList();
        var active = scoped.SelectMany(h => h.Alerts).ToList();
        var firing = active.Where(a => a.State == AlertState.Firing).ToList();
        var counts = new AlertCounts(
            firing.Count,
            firing.Count(a => a.Severity == AlertSeverity.Critical),
            firing.Count(a => a.Severity == AlertSeverity.Warning),
            firing.Count(a => a.Severity == AlertSeverity.Info),
            active.Count(a => a.State == AlertState.Pending),
            scoped.Sum(h => h.ResolvedAlerts.Count));

        var groups = new List<HostAlerts>();
        foreach (var host in scoped)
        {
            var alerts = host.Alerts
                .OrderBy(a => a.State == AlertState.Firing ? 0 : 1).ThenByDescending(a => a.Severity).ThenBy(a => a.Since)
                .Concat(host.ResolvedAlerts.OrderByDescending(a => a.ResolvedAt))
                .Where(a => filter.States.Count == 0 || filter.States.Contains(a.State))
                .Where(a => filter.Severities.Count == 0 || filter.Severities.Contains(a.Severity))
                .ToList();
            if (alerts.Count > 0)
            {
                var worst = host.Alerts.Where(a => a.State == AlertState.Firing).Select(a => (AlertSeverity?)a.Severity).Max();
                groups.Add(new HostAlerts(host.Key, host.Dc, host.Name, host.Health, worst, alerts));
            }
        }

        var ordered = groups
            .OrderByDescending(g => g.Worst.HasValue).ThenByDescending(g => g.Worst)
            .ThenByDescending(g => g.Alerts.Count(a => a.State == AlertState.Firing))
            .ThenBy(g => g.Host, StringComparer.Ordinal)
            .ToList();
        return new AlertsView(at, counts, ordered);
    }
}
