using Turtle.Twin.Twins;

namespace Turtle.Twin.Health;

/// <summary>
/// Applies the health rules to a host's latest values, given the levels found last time: a level rises as soon as a
/// threshold is crossed and falls only once the value is the rule's hysteresis below it.
/// </summary>
public sealed class HealthEvaluator(IReadOnlyList<HealthRule> rules)
{
    /// <summary>The findings (Warning or Critical only) for <paramref name="values"/>, worst first.</summary>
    public IReadOnlyList<HealthFinding> Evaluate(IReadOnlyDictionary<string, double> values, IReadOnlyList<HealthFinding> previous)
    {
        var findings = new List<HealthFinding>();
        foreach (var (metric, value) in values)
        {
            foreach (var rule in rules)
            {
                if (!rule.Matches(metric))
                {
                    continue;
                }

                var before = previous.FirstOrDefault(f => f.Metric == metric)?.Level ?? HealthStatus.Ok;
                var level = Level(rule, value, before);
                if (level > HealthStatus.Ok)
                {
                    findings.Add(new HealthFinding(metric, level, value, level == HealthStatus.Critical ? rule.Critical : rule.Warning));
                }

                break; // the first rule matching a metric judges it
            }
        }

        return findings.OrderByDescending(f => f.Level).ThenBy(f => f.Metric, StringComparer.Ordinal).ToList();
    }

    /// <summary>The worst of <paramref name="findings"/>, or Ok.</summary>
    public static HealthStatus Worst(IReadOnlyList<HealthFinding> findings) => findings.Count == 0 ? HealthStatus.Ok : findings.Max(f => f.Level);

    internal static HealthStatus Level(HealthRule rule, double value, HealthStatus before)
    {
        var crossed = Threshold(rule, value);
        // Staying at the level held before needs the value only within the hysteresis of its threshold.
        var held = Threshold(rule, value + rule.Hysteresis);
        var kept = before < held ? before : held;
        return crossed > kept ? crossed : kept;
    }

    private static HealthStatus Threshold(HealthRule rule, double value) =>
        value >= rule.Critical ? HealthStatus.Critical : value >= rule.Warning ? HealthStatus.Warning : HealthStatus.Ok;
}
