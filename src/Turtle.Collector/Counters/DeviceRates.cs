using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Counters;

/// <summary>One device's cumulative counters, which can turn into its rates since an earlier reading.</summary>
internal interface IDeviceCounters<TSelf, TRate>
    where TSelf : struct, IDeviceCounters<TSelf, TRate>
{
    /// <summary>The rates since <paramref name="before"/>; null when a counter went backwards (reset or wrapped).</summary>
    TRate? RatesSince(in TSelf before, string name, double elapsedSeconds);
}

/// <summary>
/// Turns each sample's device counters into rates against the previous sample's, for every kind of device and source
/// (/proc files or a scrape): call <see cref="Begin"/>, <see cref="Add"/> each device read, then <see cref="End"/>.
/// Devices seen for the first time, or whose counters went backwards, have no rate yet; names the schema refuses and
/// devices past its limit are left out.
/// </summary>
internal sealed class DeviceRates<TCounters, TRate>
    where TCounters : struct, IDeviceCounters<TCounters, TRate>
    where TRate : class
{
    private readonly CounterHistory<TCounters> _history = new();
    private List<TRate>? _rates;
    private double? _elapsedSeconds;

    /// <summary>Starts a sample taken <paramref name="elapsedSeconds"/> after the previous one (null for the first).</summary>
    public void Begin(double? elapsedSeconds)
    {
        _elapsedSeconds = elapsedSeconds;
        _rates = elapsedSeconds is null ? null : [];
        _history.Begin();
    }

    public void Add(string device, in TCounters now)
    {
        if (DeviceNames.IsSendable(device) && _history.Swap(device, now, out var before) && _elapsedSeconds is { } elapsed
            && _rates!.Count < ObservationLimits.Default.MaxDevices && now.RatesSince(before, device, elapsed) is { } rates)
        {
            _rates.Add(rates);
        }
    }

    /// <summary>The rates of this sample; null on the first.</summary>
    public List<TRate>? End()
    {
        _history.End();
        return _rates;
    }
}
