namespace Turtle.Collector.Citizen;

/// <summary>The collector's cost over one budget window (a minute) against its budget.</summary>
/// <param name="CpuPercent">Average CPU over the window, in percent of one CPU.</param>
/// <param name="RssBytes">Average resident memory over the window.</param>
/// <param name="CpuOver">Whether <paramref name="CpuPercent"/> is over the CPU budget.</param>
/// <param name="MemoryOver">Whether <paramref name="RssBytes"/> is over the memory budget.</param>
/// <param name="Costs">Time spent per part of the work in the window.</param>
public sealed record BudgetVerdict(double CpuPercent, long RssBytes, bool CpuOver, bool MemoryOver, IReadOnlyDictionary<CostPart, TimeSpan> Costs)
{
    public bool Over => CpuOver || MemoryOver;

    /// <summary>The part that took the most time, with that time and what lowers it; null when nothing was measured.</summary>
    public string? Costliest()
    {
        var (part, time) = Costs.MaxBy(c => c.Value);
        if (time <= TimeSpan.Zero)
        {
            return null;
        }

        var total = Costs.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        var advice = part switch
        {
            CostPart.Processes => "sampling processes; lower processes.topByCpu and processes.topByMemory, or raise interval",
            CostPart.HostMetrics => "reading host metrics from /proc and /sys; raise interval",
            CostPart.Scraping => "scraping node_exporter targets (network waits included); raise interval or scrape fewer targets",
            CostPart.BufferWrites => "writing batches to the buffer (serializing and fsync); raise interval",
            _ => "building request bodies (back-fill after an outage); it passes once the backlog is sent",
        };
        return $"{advice} ({time.TotalMilliseconds:0} ms of {total.TotalMilliseconds:0} ms measured)";
    }
}
