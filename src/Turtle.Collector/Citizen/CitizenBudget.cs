using Microsoft.Extensions.Logging;

namespace Turtle.Collector.Citizen;

/// <summary>
/// Holds the collector to its budget: it averages the measurements of each minute and warns when CPU or memory was
/// over budget for that minute, naming what cost most (<see cref="CostMeter"/>). The first minute is not judged: it
/// holds start-up (loading and compiling code), which is not the steady cost. A lasting excess is repeated every ten
/// minutes, not every minute, and its end is logged once.
/// </summary>
public sealed partial class CitizenBudget(double cpuBudgetPercent, long memoryBudgetBytes, CostMeter costs, ILogger logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int RepeatEveryWindows = 10;

    private double _cpuSeconds;
    private double _elapsedSeconds;
    private double _rssSum;
    private int _rssCount;
    private bool _pastStartUp;
    private int _windowsOver;

    /// <summary>Adds one measurement; the verdict when it closes a window, else null.</summary>
    public BudgetVerdict? Observe(SelfUsage usage)
    {
        _cpuSeconds += usage.CpuSeconds;
        _elapsedSeconds += usage.ElapsedSeconds;
        _rssSum += usage.RssBytes;
        _rssCount++;
        if (_elapsedSeconds < Window.TotalSeconds)
        {
            return null;
        }

        var verdict = new BudgetVerdict(100 * _cpuSeconds / _elapsedSeconds, (long)(_rssSum / _rssCount), false, false, costs.TakeSnapshot());
        verdict = verdict with { CpuOver = verdict.CpuPercent > cpuBudgetPercent, MemoryOver = verdict.RssBytes > memoryBudgetBytes };
        (_cpuSeconds, _elapsedSeconds, _rssSum, _rssCount) = (0, 0, 0, 0);
        if (!_pastStartUp)
        {
            _pastStartUp = true;
            return null;
        }

        Report(verdict);
        return verdict;
    }

    private void Report(BudgetVerdict verdict)
    {
        if (!verdict.Over)
        {
            if (_windowsOver > 0)
            {
                LogBackWithin(logger, verdict.CpuPercent, verdict.RssBytes / 1048576.0);
            }

            _windowsOver = 0;
            return;
        }

        if (_windowsOver++ % RepeatEveryWindows != 0)
        {
            return;
        }

        if (verdict.CpuOver)
        {
            LogCpuOver(logger, verdict.CpuPercent, cpuBudgetPercent, verdict.Costliest() ?? "no part measured");
        }

        if (verdict.MemoryOver)
        {
            LogMemoryOver(logger, verdict.RssBytes / 1048576.0, memoryBudgetBytes / 1048576.0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The collector used {CpuPercent:0.0}% of one CPU over the last minute, over its budget of {Budget}% (cpuBudgetPercent); it cost most in {Costliest}")]
    private static partial void LogCpuOver(ILogger logger, double cpuPercent, double budget, string costliest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The collector's resident memory averaged {RssMiB:0.0} MiB over the last minute, over its budget of {BudgetMiB:0.0} MiB (memoryBudgetBytes); the .NET runtime takes most of it, scrape targets and reported processes add to it")]
    private static partial void LogMemoryOver(ILogger logger, double rssMiB, double budgetMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "The collector is within its budget again: {CpuPercent:0.0}% of one CPU, {RssMiB:0.0} MiB resident over the last minute")]
    private static partial void LogBackWithin(ILogger logger, double cpuPercent, double rssMiB);
}
