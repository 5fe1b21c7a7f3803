namespace Turtle.Twin.Alerts;

/// <summary>What one evaluation leaves: the host's active and resolved alerts, and the transitions (to Firing or Resolved) it made.</summary>
public sealed record AlertOutcome(IReadOnlyList<HostAlert> Active, IReadOnlyList<HostAlert> Resolved, IReadOnlyList<HostAlert> Transitions);

/// <summary>
/// Applies alert rules to a host's latest values, given the alerts it already has. Pure apart from its clock, so the
/// lifecycle is tested with a fake one:
/// <list type="bullet">
/// <item>a value beyond the threshold starts a Pending alert; it turns Firing once the breach has lasted the rule's
/// <c>for</c> (at once when that is zero); a value back inside the threshold before then drops it, silently;</item>
/// <item>a Firing alert resolves only once the value has crossed the clear level: a value oscillating between clear
/// level and threshold neither resolves nor fires again (no flapping);</item>
/// <item>one active alert per (rule, instance): a breach that goes on updates its value and peak;</item>
/// <item>a firing alert whose instance is no longer reported (while others of its family are), or whose rule is gone,
/// resolves with a note saying so.</item>
/// </list>
/// </summary>
public sealed class AlertEvaluator(IReadOnlyList<AlertRule> rules, TimeProvider clock, int resolvedHistory = 20)
{
    public IReadOnlyList<AlertRule> Rules => rules;

    public AlertOutcome Evaluate(
        string hostKey, string dc, IReadOnlyDictionary<string, double> values, IReadOnlyList<HostAlert> active, IReadOnlyList<HostAlert> resolved)
    {
        var now = clock.GetUtcNow();
        var previous = active.ToDictionary(a => (a.Rule, a.Instance));
        var seen = new HashSet<(string, string?)>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var next = new List<HostAlert>();
        var done = new List<HostAlert>();
        var transitions = new List<HostAlert>();
        var metrics = values.Keys.Order(StringComparer.Ordinal).ToList();

        foreach (var rule in rules.Where(r => r.Covers(dc, hostKey)))
        {
            foreach (var metric in metrics.Where(rule.Matches))
            {
                reported.Add(rule.Name);
                var value = values[metric];
                var key = (rule.Name, AlertRule.InstanceOf(metric));
                if (!seen.Add(key))
                {
                    continue;
                }

                var before = previous.GetValueOrDefault(key);
                switch (before?.State)
                {
                    case null when rule.Breaches(value):
                        Keep(Start(rule, hostKey, metric, value, now));
                        break;
                    case AlertState.Pending when rule.Breaches(value):
                        Keep(Update(before!, rule, value, now));
                        break;
                    case AlertState.Firing when rule.Clears(value):
                        Resolve(before! with { Value = value }, null);
                        break;
                    case AlertState.Firing:
                        next.Add(Update(before!, rule, value, now));
                        break;
                }
            }
        }

        foreach (var left in active.Where(a => !seen.Contains((a.Rule, a.Instance))))
        {
            var rule = rules.FirstOrDefault(r => r.Name == left.Rule && r.Covers(dc, hostKey));
            if (rule is not null && !reported.Contains(rule.Name))
            {
                next.Add(left); // nothing of its family in this batch: judge it when there is
            }
            else if (left.State == AlertState.Firing)
            {
                Resolve(left, rule is null ? "the rule was removed or no longer covers this host" : "the metric is no longer reported");
            }
        }

        var history = done.Concat(resolved).Take(Math.Max(0, resolvedHistory)).ToList();
        var ordered = next.OrderByDescending(a => a.State).ThenByDescending(a => a.Severity).ThenBy(a => a.Rule, StringComparer.Ordinal)
            .ThenBy(a => a.Instance, StringComparer.Ordinal).ToList();
        return new AlertOutcome(ordered, history, transitions);

        // Pending alerts fire once their breach has lasted the rule's 'for'.
        void Keep(HostAlert alert)
        {
            if (alert.State == AlertState.Pending && now - alert.Since >= TimeOf(alert.Rule))
            {
                alert = alert with { State = AlertState.Firing, FiringSince = now };
                transitions.Add(alert);
            }

            next.Add(alert);
        }

        void Resolve(HostAlert alert, string? note)
        {
            var resolvedAlert = alert with { State = AlertState.Resolved, ResolvedAt = now, UpdatedAt = now, Note = note };
            done.Add(resolvedAlert);
            transitions.Add(resolvedAlert);
        }

        TimeSpan TimeOf(string name) => rules.First(r => r.Name == name).For;
    }

    private static HostAlert Start(AlertRule rule, string hostKey, string metric, double value, DateTimeOffset now) => new()
    {
        Rule = rule.Name,
        Host = hostKey,
        Instance = AlertRule.InstanceOf(metric),
        Metric = metric,
        Severity = rule.Severity,
        State = AlertState.Pending,
        Comparison = rule.Comparison,
        Threshold = rule.Threshold,
        ClearThreshold = rule.Clear,
        Value = value,
        Peak = value,
        Since = now,
        UpdatedAt = now,
        Summary = rule.Summary,
    };

    /// <summary>The alert with the latest value, its peak, and the rule's current levels (a reloaded rule may have moved them).</summary>
    private static HostAlert Update(HostAlert alert, AlertRule rule, double value, DateTimeOffset now) => alert with
    {
        Value = value,
        Peak = rule.Comparison == AlertComparison.Above ? Math.Max(alert.Peak, value) : Math.Min(alert.Peak, value),
        Severity = rule.Severity,
        Threshold = rule.Threshold,
        ClearThreshold = rule.Clear,
        Summary = rule.Summary,
        UpdatedAt = now,
    };
}
