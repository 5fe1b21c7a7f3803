using Microsoft.Extensions.Logging;
using Turtle.Collector.Citizen;
using Turtle.Collector.Tests.Shipping;

namespace Turtle.Collector.Tests.Citizen;

/// <summary>Holding the collector to its CPU and memory budget, a minute at a time.</summary>
public class CitizenBudgetTests
{
    private const double CpuBudget = 3;
    private const long MemoryBudget = 64L * 1024 * 1024;
    private const double Step = 5; // seconds per measurement, as at the default interval
    private static readonly int PerWindow = (int)(CitizenBudget.Window.TotalSeconds / Step);

    private readonly CostMeter _costs = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public void A_window_closes_after_a_minute_of_measurements_and_the_first_is_not_judged()
    {
        var budget = Budget();

        // Start-up, far over budget: no verdict, no warning.
        var verdicts = Window(budget, cpuPercent: 90, rss: 10 * MemoryBudget);
        Assert.All(verdicts, Assert.Null);
        Assert.Empty(_log.Entries);

        verdicts = Window(budget, cpuPercent: 1, rss: MemoryBudget / 2);
        Assert.All(verdicts.SkipLast(1), Assert.Null);
        var verdict = Assert.IsType<BudgetVerdict>(verdicts[^1]);
        Assert.Equal(1, verdict.CpuPercent, 6);
        Assert.Equal(MemoryBudget / 2, verdict.RssBytes);
        Assert.False(verdict.Over);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void The_window_averages_cpu_over_its_time_and_memory_over_its_measurements()
    {
        var budget = Budget();
        Window(budget, 0, 0);

        BudgetVerdict? verdict = null;
        for (var i = 0; i < PerWindow; i++)
        {
            // Half the measurements at 2 %, half at 6 %: 4 % on average, and memory 10 MiB then 30 MiB: 20 MiB.
            var high = i % 2 == 1;
            verdict = budget.Observe(Usage(high ? 6 : 2, (high ? 30 : 10) * 1048576L));
        }

        Assert.NotNull(verdict);
        Assert.Equal(4, verdict.CpuPercent, 6);
        Assert.Equal(20 * 1048576L, verdict.RssBytes);
        Assert.True(verdict.CpuOver);
        Assert.False(verdict.MemoryOver);
    }

    [Fact]
    public void Measurements_of_uneven_length_close_the_window_once_a_minute_has_passed()
    {
        var budget = Budget();
        Assert.Null(budget.Observe(new SelfUsage(0, 0, 0, 61))); // start-up closes at once

        Assert.Null(budget.Observe(new SelfUsage(0, 1, 1, 30)));
        Assert.Null(budget.Observe(new SelfUsage(0, 1, 1, 29.9)));
        var verdict = budget.Observe(new SelfUsage(0, 1, 1.1, 0.2));

        Assert.NotNull(verdict);
        Assert.Equal(100 * 3.1 / 60.1, verdict.CpuPercent, 6);
    }

    public static TheoryData<double, long, bool, bool> Budgets => new()
    {
        { 2.9, MemoryBudget, false, false },
        { 3.0, MemoryBudget, false, false }, // at the budget is within it
        { 3.5, MemoryBudget, true, false },
        { 1, MemoryBudget + 1, false, true },
        { 50, 2 * MemoryBudget, true, true },
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Over_budget_verdicts(double cpuPercent, long rss, bool cpuOver, bool memoryOver)
    {
        var budget = Budget();
        Window(budget, 0, 0);

        var verdict = Window(budget, cpuPercent, rss)[^1];

        Assert.NotNull(verdict);
        Assert.Equal(cpuOver, verdict.CpuOver);
        Assert.Equal(memoryOver, verdict.MemoryOver);
        Assert.Equal(cpuOver || memoryOver, verdict.Over);
        Assert.Equal((cpuOver ? 1 : 0) + (memoryOver ? 1 : 0), _log.At(LogLevel.Warning).Length);
    }

    [Fact]
    public void A_cpu_warning_names_the_costliest_part_and_its_time()
    {
        var budget = Budget();
        Window(budget, 0, 0);
        _costs.Add(CostPart.HostMetrics, TimeSpan.FromMilliseconds(200));
        _costs.Add(CostPart.Processes, TimeSpan.FromMilliseconds(700));
        _costs.Add(CostPart.BufferWrites, TimeSpan.FromMilliseconds(100));

        var verdict = Window(budget, 10, 1)[^1];

        Assert.Equal(TimeSpan.FromMilliseconds(700), verdict!.Costs[CostPart.Processes]);
        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains("10.0% of one CPU", warning, StringComparison.Ordinal);
        Assert.Contains("budget of 3%", warning, StringComparison.Ordinal);
        Assert.Contains("lower processes.topByCpu and processes.topByMemory", warning, StringComparison.Ordinal);
        Assert.Contains("(700 ms of 1000 ms measured)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_costs_of_each_window_are_its_own()
    {
        var budget = Budget();
        _costs.Add(CostPart.Scraping, TimeSpan.FromSeconds(5)); // during start-up
        Window(budget, 0, 0);

        var verdict = Window(budget, 1, 1)[^1];

        Assert.All(verdict!.Costs.Values, t => Assert.Equal(TimeSpan.Zero, t));
        Assert.Null(verdict.Costliest());
    }

    [Fact]
    public void A_lasting_excess_is_repeated_every_ten_windows_and_its_end_logged_once()
    {
        var budget = Budget();
        Window(budget, 0, 0);

        var warningsAfter = new List<int>();
        for (var minute = 1; minute <= 21; minute++)
        {
            Assert.True(Window(budget, 10, 1)[^1]!.Over); // every window's verdict says so
            warningsAfter.Add(_log.At(LogLevel.Warning).Length);
        }

        // Warned in minutes 1, 11 and 21 only.
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3], warningsAfter);
        Assert.Empty(_log.At(LogLevel.Information));

        Window(budget, 1, 1);
        Window(budget, 1, 1);
        var back = Assert.Single(_log.At(LogLevel.Information));
        Assert.Contains("within its budget again", back, StringComparison.Ordinal);

        // A new excess is warned about at once.
        Window(budget, 10, 1);
        Assert.Equal(4, _log.At(LogLevel.Warning).Length);
    }

    [Fact]
    public void Memory_over_budget_is_warned_about_in_mebibytes()
    {
        var budget = Budget();
        Window(budget, 0, 0);

        Window(budget, 1, 100 * 1048576L);

        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains("averaged 100.0 MiB", warning, StringComparison.Ordinal);
        Assert.Contains("budget of 64.0 MiB", warning, StringComparison.Ordinal);
    }

    private CitizenBudget Budget() => new(CpuBudget, MemoryBudget, _costs, _log);

    /// <summary>A minute of measurements at <paramref name="cpuPercent"/> and <paramref name="rss"/>; the verdict of each.</summary>
    private static List<BudgetVerdict?> Window(CitizenBudget budget, double cpuPercent, long rss) =>
        Enumerable.Range(0, PerWindow).Select(_ => budget.Observe(Usage(cpuPercent, rss))).ToList();

    private static SelfUsage Usage(double cpuPercent, long rss) => new(cpuPercent, rss, cpuPercent / 100 * Step, Step);
}
