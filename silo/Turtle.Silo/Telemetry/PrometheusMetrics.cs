using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Turtle.Silo.Telemetry;

/// <summary>
/// Listens to this host's Turtle meters (those made by its own <see cref="IMeterFactory"/>, so another silo in the same
/// process is not counted here) and writes them in the Prometheus text exposition format 0.0.4. Observable instruments
/// (activations, membership, buffer depths, failover) are read at each scrape; the rest accumulate as they happen.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Lock _scrape = new();

    public PrometheusMetrics(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name.StartsWith("Turtle.", StringComparison.Ordinal))
            {
                var family = _families.GetOrAdd(instrument, i => new MetricFamily(i));
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every family, sorted by name, observable ones read now.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            foreach (var family in _families.Values.Where(f => f.Observable))
            {
                family.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(16 * 1024);
            // Two instruments could map to one name (another meter's); a family is written once, the first wins.
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).DistinctBy(f => f.Name))
            {
                family.WriteTo(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();
}
