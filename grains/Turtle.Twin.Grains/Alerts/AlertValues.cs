using Turtle.Twin.Observations;

namespace Turtle.Twin.Alerts;

/// <summary>
/// The values alert rules read for one host: its own metrics as history names them (<c>fs[/var].used_percent</c>),
/// plus what only the host twin can derive: <c>load.per_core</c> (1-minute load over its CPU count) and, from the
/// link probes in the batch, <c>link[dc2/gw].loss_percent</c> and <c>link[dc2/gw].rtt_ms</c>.
/// </summary>
public static class AlertValues
{
    public static Dictionary<string, double> Of(HostMetrics? metrics, HostFacts? facts, IReadOnlyList<LinkObservation>? links)
    {
        var values = ObservationMetrics.HostValues(metrics);
        if (metrics?.Load is { } load && facts?.CpuCount is > 0 and var cpus)
        {
            values["load.per_core"] = load.Avg1 / cpus;
        }

        foreach (var link in links ?? [])
        {
            values[ObservationMetrics.Device("link", link.To, ObservationMetrics.LinkLossPercent)] = link.LossPercent;
            if (link.RttMs is { } rtt)
            {
                values[ObservationMetrics.Device("link", link.To, ObservationMetrics.LinkRttMs)] = rtt;
            }
        }

        return values;
    }
}
