namespace Turtle.Collector.Counters;

/// <summary>
/// The previous reading of each device's counters, to turn this reading into rates. Devices not seen in a sample
/// are forgotten at its end, so a device that comes back starts over instead of spanning its absence.
/// </summary>
internal sealed class CounterHistory<TCounters> where TCounters : struct
{
    private readonly Dictionary<string, Entry> _previous = new(StringComparer.Ordinal);
    private readonly List<string> _gone = [];
    private long _sample;

    /// <summary>Starts a sample: every device must be <see cref="Swap"/>ped in it to be kept.</summary>
    public void Begin() => _sample++;

    /// <summary>Records <paramref name="now"/> for <paramref name="device"/>; true with its previous reading when there is one.</summary>
    public bool Swap(string device, in TCounters now, out TCounters before)
    {
        var found = _previous.TryGetValue(device, out var entry) && entry.Sample == _sample - 1;
        before = entry.Counters;
        _previous[device] = new Entry(now, _sample);
        return found;
    }

    /// <summary>Ends a sample: forgets the devices it did not see.</summary>
    public void End()
    {
        foreach (var (device, entry) in _previous)
        {
            if (entry.Sample != _sample)
            {
                _gone.Add(device);
            }
        }

        foreach (var device in _gone)
        {
            _previous.Remove(device);
        }

        _gone.Clear();
    }

    private readonly record struct Entry(TCounters Counters, long Sample);
}
