using Turtle.Twin.Observations;

namespace Turtle.Collector.Counters;

/// <summary>One network interface's cumulative traffic (errors and drops null when the source lacks them).</summary>
internal readonly record struct InterfaceCounters(double RxBytes, double TxBytes, double? RxErrors, double? TxErrors, double? RxDrops, double? TxDrops)
    : IDeviceCounters<InterfaceCounters, InterfaceTraffic>
{
    /// <summary>The interface's rates since <paramref name="before"/>; null when its byte counters went backwards (reset or wrapped).</summary>
    public InterfaceTraffic? RatesSince(in InterfaceCounters before, string name, double elapsedSeconds)
    {
        if (Rates.PerSecond(before.RxBytes, RxBytes, elapsedSeconds) is not { } rx || Rates.PerSecond(before.TxBytes, TxBytes, elapsedSeconds) is not { } tx)
        {
            return null;
        }

        return new InterfaceTraffic(name, rx, tx,
            Rates.PerSecond(before.RxErrors, RxErrors, elapsedSeconds), Rates.PerSecond(before.TxErrors, TxErrors, elapsedSeconds),
            Rates.PerSecond(before.RxDrops, RxDrops, elapsedSeconds), Rates.PerSecond(before.TxDrops, TxDrops, elapsedSeconds));
    }
}
