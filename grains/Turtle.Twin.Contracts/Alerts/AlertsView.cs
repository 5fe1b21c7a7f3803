using Turtle.Twin.Twins;

namespace Turtle.Twin.Alerts;

/// <summary>
/// <c>GET /api/v1/alerts</c>: the alerts asked for, grouped per host (hosts with the worst firing alert first), and
/// counts over every host in the DC and host scope asked for (whatever state and severity were asked), which is what
/// a badge or a summary line shows.
/// </summary>
public sealed record AlertsView(DateTimeOffset At, AlertCounts Counts, IReadOnlyList<HostAlerts> Hosts);

/// <summary>Firing alerts by severity, and pending and recently resolved ones.</summary>
public sealed record AlertCounts(int Firing, int Critical, int Warning, int Info, int Pending, int Resolved);

/// <summary>
/// One host's alerts: active ones (firing, then pending, worst first), then resolved ones, newest first. With the
/// host's <see cref="Health"/>: a host that lost contact keeps the alerts its last values raised.
/// </summary>
public sealed record HostAlerts(string Host, string Dc, string Name, HealthStatus Health, AlertSeverity? Worst, IReadOnlyList<HostAlert> Alerts);

/// <summary>What <c>GET /api/v1/alerts</c> filters on; empty sets mean any.</summary>
public sealed record AlertFilter(IReadOnlySet<AlertState> States, IReadOnlySet<AlertSeverity> Severities, string? Dc = null, string? Host = null)
{
    /// <summary>Firing alerts of every severity, every host.</summary>
    public static AlertFilter Firing { get; } = new(new HashSet<AlertState> { AlertState.Firing }, new HashSet<AlertSeverity>());
}
