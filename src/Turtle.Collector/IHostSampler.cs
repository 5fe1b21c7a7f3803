namespace Turtle.Collector;

/// <summary>
/// Samples one host every interval: this machine (<see cref="HostSampler"/>) or a node_exporter endpoint
/// (<see cref="Scrape.ScrapeSampler"/>). A shipper calls <see cref="SampleAsync"/> on its timer and turns each sample
/// into an observation with <see cref="HostSample.ToObservation"/>. Calls must not overlap: rates are measured between
/// consecutive samples.
/// </summary>
public interface IHostSampler
{
    /// <summary>Samples the host now; <paramref name="time"/> is stamped on the sample.</summary>
    ValueTask<HostSample> SampleAsync(DateTimeOffset time, CancellationToken cancellationToken = default);
}
