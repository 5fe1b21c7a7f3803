using System.Globalization;
using System.Text.RegularExpressions;

namespace Turtle.Twin.Alerts;

/// <summary>
/// An alert rule as written in YAML (<c>Turtle:Alerts:RulesPath</c>) or inline in configuration
/// (<c>Turtle:Alerts:Rules:0:Name</c>, …); <see cref="Compile"/> checks it and names the rule and field of every problem.
/// </summary>
public sealed partial class AlertRuleDefinition
{
    /// <summary>Families of host metrics a rule may read (docs/alerts.md lists their metrics).</summary>
    public static readonly IReadOnlySet<string> Families = new HashSet<string>(StringComparer.Ordinal)
    {
        "cpu", "load", "memory", "swap", "fs", "disk", "net", "temp", "tcp", "collector", "link",
    };

    /// <summary>Unique within the rule set; letters, digits, '.', '_' and '-'.</summary>
    public string? Name { get; set; }

    /// <summary>A host metric (<c>memory.used_percent</c>), <c>[*]</c> for every device (<c>fs[*].used_percent</c>) or one device (<c>fs[/var].used_percent</c>).</summary>
    public string? Metric { get; set; }

    /// <summary>Breaches when the value is above this (set this or <see cref="Below"/>).</summary>
    public double? Above { get; set; }

    /// <summary>Breaches when the value is below this.</summary>
    public double? Below { get; set; }

    /// <summary>The level a firing alert must cross back over to resolve. Default: the threshold ∓ <see cref="Hysteresis"/>.</summary>
    public double? Clear { get; set; }

    /// <summary>The band between threshold and clear level, when <see cref="Clear"/> is not given. Default 0.</summary>
    public double? Hysteresis { get; set; }

    /// <summary>How long the breach must last before the alert fires (<c>5m</c>, <c>30s</c>, <c>00:05:00</c>). Default 0: at once.</summary>
    public string? For { get; set; }

    /// <summary><c>info</c>, <c>warning</c> (default) or <c>critical</c>.</summary>
    public string? Severity { get; set; }

    /// <summary>Only hosts of DCs matching this glob (<c>dc1</c>, <c>dc*</c>).</summary>
    public string? Dc { get; set; }

    /// <summary>Only hosts whose name (or, with a '/', key) matches this glob (<c>nas*</c>, <c>dc2/*</c>).</summary>
    public string? Host { get; set; }

    /// <summary>A line for people, carried by the alert and its notifications.</summary>
    public string? Summary { get; set; }

    /// <summary>The rule, or null with the reasons added to <paramref name="errors"/>; <paramref name="where"/> says where it was written.</summary>
    public AlertRule? Compile(string where, ICollection<string> errors)
    {
        var before = errors.Count;
        var label = string.IsNullOrWhiteSpace(Name) ? $"Alert rule ({where})" : $"Alert rule '{Name}' ({where})";
        void Fail(string field, string message) => errors.Add($"{label}: '{field}' {message}");

        if (string.IsNullOrWhiteSpace(Name))
        {
            Fail("name", "is required.");
        }
        else if (!NamePattern().IsMatch(Name))
        {
            Fail("name", $"is '{Name}'; use letters, digits, '.', '_' and '-'.");
        }

        if (string.IsNullOrWhiteSpace(Metric))
        {
            Fail("metric", "is required (for example fs[*].used_percent or memory.used_percent).");
        }
        else if (MetricPattern().Match(Metric) is not { Success: true } metric)
        {
            Fail("metric", $"is '{Metric}', not a metric name (family.field, or family[device].field, or family[*].field).");
        }
        else if (!Families.Contains(metric.Groups["family"].Value))
        {
            Fail("metric", $"is '{Metric}': '{metric.Groups["family"].Value}' is not a host metric family; use one of {string.Join(", ", Families)}.");
        }

        AlertComparison comparison = default;
        double threshold = 0;
        switch (Above, Below)
        {
            case (null, null):
                Fail("above", "or 'below' is required: the threshold.");
                break;
            case ({ }, { }):
                Fail("above", "and 'below' are both set; a rule has one threshold.");
                break;
            case ({ } above, null):
                (comparison, threshold) = (AlertComparison.Above, above);
                break;
            case (null, { } below):
                (comparison, threshold) = (AlertComparison.Below, below);
                break;
        }

        var clear = threshold;
        if (Clear is { } c && Hysteresis is not null)
        {
            Fail("clear", "and 'hysteresis' are both set; give one.");
        }
        else if (Hysteresis is { } h)
        {
            if (h < 0 || !double.IsFinite(h))
            {
                Fail("hysteresis", $"is {Number(h)}; it must be zero or more.");
            }

            clear = comparison == AlertComparison.Above ? threshold - h : threshold + h;
        }
        else if (Clear is { } level)
        {
            clear = level;
            if (comparison == AlertComparison.Above && level > threshold || comparison == AlertComparison.Below && level < threshold)
            {
                Fail("clear", $"is {Number(level)}, on the breaching side of the threshold {Number(threshold)}; it must be {(comparison == AlertComparison.Above ? "at or below" : "at or above")} it.");
            }
        }

        var forDuration = TimeSpan.Zero;
        if (For is not null && !AlertDuration.TryParse(For, out forDuration))
        {
            Fail("for", $"is '{For}', not a duration (30s, 5m, 1h, 00:05:00).");
        }

        var severity = AlertSeverity.Warning;
        if (Severity is not null && (!Enum.TryParse(Severity, ignoreCase: true, out severity) || !Enum.IsDefined(severity) || int.TryParse(Severity, out _)))
        {
            Fail("severity", $"is '{Severity}'; use info, warning or critical.");
        }

        if (Dc is { Length: 0 })
        {
            Fail("dc", "is empty; leave it out for every DC.");
        }

        if (Host is { Length: 0 })
        {
            Fail("host", "is empty; leave it out for every host.");
        }

        return errors.Count > before
            ? null
            : new AlertRule(Name!, Metric!, comparison, threshold, clear, forDuration, severity, Dc, Host, Summary);
    }

    /// <summary>Compiles a rule set: every rule checked, names unique; null when any is wrong.</summary>
    public static IReadOnlyList<AlertRule>? CompileAll(IEnumerable<(AlertRuleDefinition Rule, string Where)> definitions, ICollection<string> errors)
    {
        var rules = new List<AlertRule>();
        var before = errors.Count;
        foreach (var (definition, where) in definitions)
        {
            if (definition.Compile(where, errors) is { } rule)
            {
                if (rules.Any(r => r.Name == rule.Name))
                {
                    errors.Add($"Alert rule '{rule.Name}' ({where}): 'name' is used by another rule; names must be unique.");
                }

                rules.Add(rule);
            }
        }

        return errors.Count > before ? null : rules;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?<family>[a-z]+)(\[[^\]]+\])?\.[a-z0-9_]+$")]
    private static partial Regex MetricPattern();
}
