using Turtle.Twin.Alerts;

namespace Turtle.Twin.Tests.Alerts;

/// <summary>Alert rules files: what they may say, and the message each mistake gets (naming the rule and field).</summary>
public sealed class AlertRulesYamlTests
{
    [Fact]
    public void A_full_rules_file_compiles_with_every_field()
    {
        const string yaml = """
            rules:
              - name: disk-full
                metric: fs[*].used_percent
                above: 90
                clear: 85
                for: 5m
                severity: critical
                dc: dc1
                host: "nas*"
                summary: Disk almost full
              - name: memory-low
                metric: memory.available_bytes
                below: 100000000
                hysteresis: 50000000
                for: 1h30m
              - name: cpu
                metric: cpu.percent
                above: 95
                for: "00:10:00"
                severity: Info
            """;

        var rules = Compile(yaml, out var errors);

        Assert.Empty(errors);
        Assert.Equal(3, rules!.Count);
        Assert.Equal(new AlertRule("disk-full", "fs[*].used_percent", AlertComparison.Above, 90, 85, TimeSpan.FromMinutes(5), AlertSeverity.Critical, "dc1", "nas*", "Disk almost full"), rules[0]);
        Assert.Equal(AlertComparison.Below, rules[1].Comparison);
        Assert.Equal(150000000, rules[1].Clear);
        Assert.Equal(TimeSpan.FromMinutes(90), rules[1].For);
        Assert.Equal(AlertSeverity.Warning, rules[1].Severity); // the default
        Assert.Equal(AlertSeverity.Info, rules[2].Severity);
        Assert.Equal(TimeSpan.FromMinutes(10), rules[2].For);
        Assert.Equal(90, rules[0].Threshold);
    }

    [Theory]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n", "Alert rule 'a' (rules[0] in test.yaml): 'above' or 'below' is required: the threshold.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 1\n    below: 2\n", "Alert rule 'a' (rules[0] in test.yaml): 'above' and 'below' are both set; a rule has one threshold.")]
    [InlineData("rules:\n  - name: a\n    metric: mem.used\n    above: 1\n", "Alert rule 'a' (rules[0] in test.yaml): 'metric' is 'mem.used': 'mem' is not a host metric family; use one of cpu, load, memory, swap, fs, disk, net, temp, tcp, collector, link.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu percent\n    above: 1\n", "Alert rule 'a' (rules[0] in test.yaml): 'metric' is 'cpu percent', not a metric name (family.field, or family[device].field, or family[*].field).")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 90\n    clear: 95\n", "Alert rule 'a' (rules[0] in test.yaml): 'clear' is 95, on the breaching side of the threshold 90; it must be at or below it.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 90\n    for: 5 minutes\n", "Alert rule 'a' (rules[0] in test.yaml): 'for' is '5 minutes', not a duration (30s, 5m, 1h, 00:05:00).")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 90\n    severity: page\n", "Alert rule 'a' (rules[0] in test.yaml): 'severity' is 'page'; use info, warning or critical.")]
    [InlineData("rules:\n  - metric: cpu.percent\n    above: 90\n", "Alert rule (rules[0] in test.yaml): 'name' is required.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 90\n  - name: a\n    metric: load.avg1\n    above: 9\n", "Alert rule 'a' (rules[1] in test.yaml): 'name' is used by another rule; names must be unique.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    above: 90\n    hysteresis: -1\n", "Alert rule 'a' (rules[0] in test.yaml): 'hysteresis' is -1; it must be zero or more.")]
    [InlineData("alerts: []\n", "Alert rules file test.yaml, line 1, column 1: Property 'alerts' not found on type 'Turtle.Twin.Alerts.AlertRulesYaml+RulesFile'.")]
    [InlineData("rules:\n  - name: a\n    metric: cpu.percent\n    treshold: 90\n", "Alert rules file test.yaml, line 4, column 5: Property 'treshold' not found on type 'Turtle.Twin.Alerts.AlertRuleDefinition'.")]
    [InlineData("rules:\n  - name: a\n    above: ninety\n", "Alert rules file test.yaml, line 3, column 12: ")]
    [InlineData("", "Alert rules file test.yaml: no 'rules:' list (an empty list, 'rules: []', turns alerting off).")]
    public void A_mistake_is_named_with_its_rule_and_field(string yaml, string expected)
    {
        var rules = Compile(yaml, out var errors);

        Assert.Null(rules);
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_at_once()
    {
        var rules = Compile("rules:\n  - name: a\n    metric: cpu.percent\n  - name: b\n    metric: cpu.percent\n    above: 1\n    for: soon\n", out var errors);

        Assert.Null(rules);
        Assert.Equal(2, errors.Count);
        Assert.Contains("'b'", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_is_no_rules_and_the_defaults_compile_from_their_documented_yaml()
    {
        Assert.Empty(Compile("rules: []", out var errors)!);
        Assert.Empty(errors);

        // docs/alerts.md shows the defaults as YAML: that text is what this parses.
        var documented = Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "alerts.default.yaml")), out errors);
        Assert.Empty(errors);
        Assert.Equal(AlertRule.Defaults, documented);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("0", 0)]
    [InlineData("00:05:00", 300)]
    public void Durations_read_as_written(string text, double seconds)
    {
        Assert.True(AlertDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    private static IReadOnlyList<AlertRule>? Compile(string yaml, out List<string> errors)
    {
        errors = [];
        var definitions = AlertRulesYaml.Parse(yaml, "test.yaml", errors);
        return definitions is null ? null : AlertRuleDefinition.CompileAll(definitions, errors);
    }
}
