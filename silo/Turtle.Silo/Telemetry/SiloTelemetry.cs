using System.Diagnostics.Metrics;
using Turtle.Silo.Replication;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Telemetry;

/// <summary>
/// The silo host's metrics (meter <see cref="MeterName"/>): ingest, collectors' own reports, the change feed's and the
/// replicas' lag, and failover. Recorded once; read by <c>/metrics</c> and by OTLP when configured. The meter comes
/// from the host's <see cref="IMeterFactory"/>, so silos sharing a process (tests) keep their figures apart.
/// </summary>
public sealed class SiloTelemetry
{
    public const string MeterName = "Turtle.Silo";

    /// <summary>Seconds: lag is milliseconds on a LAN and seconds across a WAN or while a site catches up.</summary>
    public static readonly IReadOnlyList<double> LagBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly IServiceProvider _services;
    private readonly Counter<long> _ingestRequests;
    private readonly Counter<long> _ingestBatches;
    private readonly Counter<long> _ingestBytes;
    private readonly Counter<long> _embeddedSamples;
    private readonly Histogram<double> _changeFeedLag;
    private readonly Histogram<double> _replicationLag;

    public SiloTelemetry(IMeterFactory meters, CollectorReports collectors, IServiceProvider services)
    {
        _services = services;
        var meter = meters.Create(MeterName);
        _ingestRequests = meter.CreateCounter<long>("turtle.ingest.requests", "{request}",
            "Requests to POST /api/v1/observations by HTTP status (202 accepted; 4xx refused, nothing stored; 503 not stored now).");
        _ingestBatches = meter.CreateCounter<long>("turtle.ingest.batches", "{batch}",
            "Observation batches acknowledged, by outcome: stored, or duplicate (a retry of one already stored).");
        _ingestBytes = meter.CreateCounter<long>("turtle.ingest.bytes", "By",
            "Bytes of observation request bodies read (after decompression) within the size limit, accepted or not.");
        _embeddedSamples = meter.CreateCounter<long>("turtle.collector.embedded.samples", "{sample}",
            "Samples of this machine by the collector inside the silo, by outcome: stored, refused (invalid) or failed.");
        _changeFeedLag = meter.CreateHistogram("turtle.changefeed.lag", "s",
            "Time from a twin's change to this silo receiving it on the change feed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _replicationLag = meter.CreateHistogram("turtle.replication.lag", "s",
            "Time from a twin's change to this silo's replica holding it (observer silos; includes clock offset across sites).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        meter.CreateObservableGauge("turtle.changefeed.connected", () => services.GetService<Turtle.Twin.Changes.LocalChangeFeed>()?.Connected == true ? 1 : 0,
            null, "1 while this silo's subscription to the cluster's change feed is in place.");
        meter.CreateObservableGauge("turtle.collector.buffered.batches", () => collectors.Observe(r => r.BufferedBatches), "{batch}",
            "Batches a collector holds unsent in its disk buffer, as it last reported with its observations.");
        meter.CreateObservableGauge("turtle.collector.buffered.bytes", () => collectors.Observe(r => r.BufferedBytes), "By",
            "Bytes a collector holds unsent in its disk buffer, as it last reported.");
        meter.CreateObservableGauge("turtle.collector.dropped.batches", () => collectors.Observe(r => r.DroppedBatches), "{batch}",
            "Batches a collector dropped unsent because its buffer was full (since its buffer was created), as it last reported.");
        meter.CreateObservableGauge("turtle.collector.report.age", collectors.ObserveAge, "s",
            "Seconds since a collector's last report reached this silo.");
        meter.CreateObservableGauge("turtle.failover.epoch", ObserveEpoch, null,
            "The failover epoch this silo follows (every write presents it; storage refuses older ones).");
        meter.CreateObservableGauge("turtle.failover.phase", ObservePhase, null,
            "The failover phase this silo follows: 1 for the current one.");
        meter.CreateObservableGauge("turtle.silo.can.write", ObserveCanWrite, null,
            "1 while this silo may write twins (holds a write lease or needs none), 0 otherwise.");
        meter.CreateObservableCounter("turtle.replication.applied", () => services.GetService<ReplicationLag>()?.Applied ?? 0, "{change}",
            "Changes applied to this silo's replicas since it started.");
    }

    public void IngestAnswered(int status) =>
        _ingestRequests.Add(1, new KeyValuePair<string, object?>("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void IngestRead(long bytes) => _ingestBytes.Add(bytes);

    public void BatchAcknowledged(bool duplicate) =>
        _ingestBatches.Add(1, new KeyValuePair<string, object?>("outcome", duplicate ? "duplicate" : "stored"));

    public void EmbeddedSample(string outcome) => _embeddedSamples.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void ChangeReceived(TimeSpan lag) => _changeFeedLag.Record(Math.Max(0, lag.TotalSeconds));

    public void ReplicaApplied(TimeSpan lag) => _replicationLag.Record(Math.Max(0, lag.TotalSeconds));

    private IEnumerable<Measurement<long>> ObserveEpoch() =>
        _services.GetService<SiloAuthority>() is { } authority ? [new Measurement<long>(authority.Epoch)] : [];

    private IEnumerable<Measurement<int>> ObservePhase()
    {
        if (_services.GetService<SiloAuthority>() is not { } authority)
        {
            return [];
        }

        var current = authority.Status.Phase;
        return Enum.GetValues<FailoverPhase>().Select(p => new Measurement<int>(p == current ? 1 : 0, new KeyValuePair<string, object?>("phase", p.ToString())));
    }

    private IEnumerable<Measurement<int>> ObserveCanWrite()
    {
        if (_services.GetService<SiloAuthority>() is not { } authority || _services.GetService<Failover.FailoverClock>() is not { } clock)
        {
            return [];
        }

        return [new Measurement<int>(authority.CanWrite(clock.Now, out _) ? 1 : 0, new KeyValuePair<string, object?>("dc", authority.Dc))];
    }
}
