using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Turtle.Twin.Observations;

namespace Turtle.Silo.Telemetry;

/// <summary>
/// What each collector last said about itself (<c>self</c> in its observations: buffer depth, drops), so the silo's
/// metrics show every collector's buffer without the collector opening a port of its own. Bounded: past
/// <see cref="MaxCollectors"/> the longest silent ones are forgotten first.
/// </summary>
public sealed class CollectorReports(TimeProvider time)
{
    public const int MaxCollectors = 10_000;

    private readonly ConcurrentDictionary<(string Collector, string Host), (CollectorHealth Health, DateTimeOffset At)> _latest = new();

    public int Count => _latest.Count;

    public void Record(Observation observation)
    {
        if (observation.Self is not { } self)
        {
            return;
        }

        _latest[(observation.Collector, observation.HostKey)] = (self, time.GetUtcNow());
        // Evicts in batches (down to 90 %), so a stream of new collector names does not sort the table per request.
        if (_latest.Count > MaxCollectors)
        {
            foreach (var stale in _latest.OrderBy(e => e.Value.At).Take(_latest.Count - MaxCollectors * 9 / 10).ToList())
            {
                _latest.TryRemove(stale.Key, out _);
            }
        }
    }

    internal IEnumerable<Measurement<long>> Observe(Func<CollectorHealth, long> figure) =>
        _latest.Select(e => new Measurement<long>(figure(e.Value.Health), Tags(e.Key)));

    internal IEnumerable<Measurement<double>> ObserveAge()
    {
        var now = time.GetUtcNow();
        return _latest.Select(e => new Measurement<double>(Math.Max(0, (now - e.Value.At).TotalSeconds), Tags(e.Key)));
    }

    private static KeyValuePair<string, object?>[] Tags((string Collector, string Host) key) =>
        [new("collector", key.Collector), new("host", key.Host)];
}
