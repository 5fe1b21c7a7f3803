using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Twin;

/// <summary>The answer to one observation batch: acknowledged (stored now, or already stored when <see cref="Duplicate"/>).</summary>
public sealed record ObservationAck(string Collector, long Seq, string Host, bool Duplicate);

/// <summary>A host's twin, keyed <c>dc1/udm-pro</c>. Observations reach it through the ingest endpoint.</summary>
public interface IHostGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated batch: history first, then the twin's state, then its processes, links, DC and the change
    /// feed. A (collector, seq) at or below the last one stored is acknowledged as a duplicate and changes nothing.
    /// </summary>
    Task<ObservationAck> Observe(Observation observation);

    /// <summary>The twin, or null when the host was never observed.</summary>
    [ReadOnly]
    Task<HostTwin?> GetTwin();

    /// <summary>The active twin's recent window, oldest first (empty after a restart until observations arrive).</summary>
    [ReadOnly]
    Task<IReadOnlyList<RecentPoint>> GetRecent();

    /// <summary>
    /// The host's predictions (disk-full ETAs, 24-hour CPU and memory forecasts, anomaly flags), as last recomputed from
    /// its history by the twin's timer (computed now when the activation has none yet); null when the host was never observed.
    /// </summary>
    Task<HostPredictions?> GetPredictions();

    /// <summary>Re-evaluates contact now (its DC calls it after a restart, so silent hosts still turn Lost contact).</summary>
    Task CheckContact();
}

/// <summary>A process, keyed <c>dc1/udm-pro/1234@1763800000</c>.</summary>
public interface IProcessGrain : IGrainWithStringKey
{
    Task Observe(ProcessObservation process, DateTimeOffset time);

    /// <summary>Records the exit; the twin keeps it and deactivates.</summary>
    Task Exit(ProcessExit exit, DateTimeOffset observedAt);

    [ReadOnly]
    Task<ProcessTwin?> GetTwin();
}

/// <summary>A network link, keyed <c>dc1/udm-pro->dc2/gw</c>.</summary>
public interface INetworkLinkGrain : IGrainWithStringKey
{
    Task Observe(LinkObservation link, DateTimeOffset time, double interval);

    [ReadOnly]
    Task<LinkTwin?> GetTwin();
}

/// <summary>A DC, keyed <c>dc1</c>: aggregates what its hosts and links report.</summary>
public interface IDataCenterGrain : IGrainWithStringKey
{
    [OneWay]
    Task ReportHost(HostSummary host);

    [OneWay]
    Task ReportLink(LinkSummary link);

    /// <summary>The DC, or null when none of its hosts was observed.</summary>
    [ReadOnly]
    Task<DataCenterTwin?> GetTwin();
}

/// <summary>The fleet index, keyed <see cref="TwinKeys.Fleet"/>: every DC, host and link, and the graph they form.</summary>
public interface IFleetGrain : IGrainWithStringKey
{
    Task RegisterHost(string hostKey);

    Task RegisterLink(string linkKey);

    [ReadOnly]
    Task<FleetIndex> GetIndex();
}
