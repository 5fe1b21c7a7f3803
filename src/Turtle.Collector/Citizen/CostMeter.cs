using System.Diagnostics;

namespace Turtle.Collector.Citizen;

/// <summary>
/// Adds up the time spent in each <see cref="CostPart"/> since it was last read. Wall-clock time of work that is
/// almost all CPU (scraping aside), measured with the cheapest clock there is; thread-safe.
/// </summary>
public sealed class CostMeter
{
    private readonly long[] _ticks = new long[Enum.GetValues<CostPart>().Length];

    public void Add(CostPart part, TimeSpan elapsed) => Interlocked.Add(ref _ticks[(int)part], elapsed.Ticks);

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (from <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void AddSince(CostPart part, long startTimestamp) => Add(part, Stopwatch.GetElapsedTime(startTimestamp));

    /// <summary>The time per part since the last call, and starts counting again.</summary>
    public IReadOnlyDictionary<CostPart, TimeSpan> TakeSnapshot() =>
        Enum.GetValues<CostPart>().ToDictionary(p => p, p => TimeSpan.FromTicks(Interlocked.Exchange(ref _ticks[(int)p], 0)));
}
