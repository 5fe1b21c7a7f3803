using System.Collections.Concurrent;

namespace Turtle.Actors.Runtime.Diagnostics;

/// <summary>One grain method's calls on this silo since counting began: count, failures, and time in the grain.</summary>
public sealed record GrainMethodStatistics(string Interface, string Method, long Calls, long Failures, double TotalMilliseconds, double MaxMilliseconds)
{
    public double AverageMilliseconds => Calls == 0 ? 0 : TotalMilliseconds / Calls;
}

/// <summary>
/// Calls per grain method handled by this silo, counted only while someone watches (<see cref="Watch"/>): what
/// OrleansDashboard shows, without its always-on cost. Unwatched, a call pays one volatile read. A call's time is
/// from its first turn to its completion (awaits included), as a caller would see it minus the queueing.
/// </summary>
public sealed class GrainCallStatistics(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Interface, string Method), Counter> _counters = new();
    private int _watchers;

    /// <summary>Whether calls are being counted.</summary>
    public bool Enabled => Volatile.Read(ref _watchers) > 0;

    public TimeProvider Time => time;

    /// <summary>Counts calls until the returned handle is disposed (handles nest: counting stops with the last).</summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _watchers);
        return new Watcher(this);
    }

    /// <summary>Every method counted so far (counters are cumulative; rates come from two snapshots).</summary>
    public IReadOnlyList<GrainMethodStatistics> Snapshot() =>
        _counters.Select(c => c.Value.ToStatistics(c.Key.Interface, c.Key.Method, time.TimestampFrequency)).ToList();

    internal void Record(string interfaceName, string methodName, long elapsedTimestamp, bool failed)
    {
        var counter = _counters.GetOrAdd((interfaceName, methodName), static _ => new Counter());
        counter.Add(elapsedTimestamp, failed);
    }

    private sealed class Counter
    {
        private long _calls;
        private long _failures;
        private long _elapsed;
        private long _max;

        public void Add(long elapsed, bool failed)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _elapsed, elapsed);
            if (failed)
            {
                Interlocked.Increment(ref _failures);
            }

            var max = Volatile.Read(ref _max);
            while (elapsed > max && Interlocked.CompareExchange(ref _max, elapsed, max) != max)
            {
                max = Volatile.Read(ref _max);
            }
        }

        public GrainMethodStatistics ToStatistics(string interfaceName, string method, long frequency) => new(
            interfaceName, method, Interlocked.Read(ref _calls), Interlocked.Read(ref _failures),
            Interlocked.Read(ref _elapsed) * 1000.0 / frequency, Interlocked.Read(ref _max) * 1000.0 / frequency);
    }

    private sealed class Watcher(GrainCallStatistics statistics) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref statistics._watchers);
            }
        }
    }
}
