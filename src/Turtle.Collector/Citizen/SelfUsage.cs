namespace Turtle.Collector.Citizen;

/// <summary>What the collector's own process used over one measurement period.</summary>
/// <param name="CpuPercent">CPU time over the period, in percent of one CPU (as top shows it).</param>
/// <param name="RssBytes">Resident memory at the end of the period.</param>
/// <param name="CpuSeconds">CPU time used in the period.</param>
/// <param name="ElapsedSeconds">The period's length.</param>
public sealed record SelfUsage(double CpuPercent, long RssBytes, double CpuSeconds, double ElapsedSeconds);
