using Turtle.Twin.Observations;

namespace Turtle.Collector;

/// <summary>
/// What one sample of a host saw, before it is addressed: <see cref="ToObservation"/> adds who sends it and its
/// sequence number. Parts the sample could not measure (rates on the first sample) are null.
/// </summary>
/// <param name="Time">When the sample was taken (the caller's clock).</param>
/// <param name="Facts">The host's facts, on the first sample and then every so often; null in between.</param>
/// <param name="Metrics">The host's metrics.</param>
/// <param name="Processes">Selected processes; null when not measured.</param>
/// <param name="Exited">Processes reported before that have ended; null when none.</param>
/// <param name="HostName">The name the host gives itself (kernel hostname, or node_exporter's nodename), for a collector configured without one; sent with the facts.</param>
/// <param name="Links">Probes from the host to other hosts or DCs; null when it probes none.</param>
public sealed record HostSample(
    DateTimeOffset Time,
    HostFacts? Facts,
    HostMetrics Metrics,
    IReadOnlyList<ProcessObservation>? Processes,
    IReadOnlyList<ProcessExit>? Exited,
    string? HostName,
    IReadOnlyList<LinkObservation>? Links = null)
{
    /// <summary>The sample as observation schema v1 from <paramref name="collector"/>, number <paramref name="seq"/> of its batches.</summary>
    /// <param name="collector">The collector's stable id.</param>
    /// <param name="seq">Strictly increasing per collector, from 1.</param>
    /// <param name="dc">The DC the host is in.</param>
    /// <param name="host">The host's name in the twin.</param>
    /// <param name="interval">Seconds between this collector's observations.</param>
    public Observation ToObservation(string collector, long seq, string dc, string host, double interval) => new()
    {
        Collector = collector,
        Seq = seq,
        Dc = dc,
        Host = host,
        Time = Time,
        Interval = interval,
        Facts = Facts,
        Metrics = Metrics,
        Processes = Processes,
        Exited = Exited is { Count: > 0 } ? Exited : null,
        Links = Links is { Count: > 0 } ? Links : null,
    };
}
