namespace Turtle.Twin.Alerts;

/// <summary>Alert rules and what hosts keep of alerts, bound from <c>Turtle:Alerts</c> (docs/alerts.md).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Turtle:Alerts";

    private IReadOnlyList<AlertRule>? _loaded;

    /// <summary>Whether host twins evaluate alert rules at all. <value>Default true.</value></summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A YAML file of rules (relative paths from the working directory). With it, or with inline <see cref="Rules"/>,
    /// the configured rules replace <see cref="AlertRule.Defaults"/> as a whole. <value>Default none.</value>
    /// </summary>
    public string? RulesPath { get; set; }

    /// <summary>Rules written in configuration (<c>Turtle:Alerts:Rules:0:Name</c>, …), added to those of the file. <value>Default none.</value></summary>
    public List<AlertRuleDefinition> Rules { get; set; } = [];

    /// <summary>Resolved alerts each host keeps, newest first. <value>Default 20.</value></summary>
    public int ResolvedHistory { get; set; } = 20;

    /// <summary>
    /// The rules in force: none when disabled; those the host loaded (<see cref="UseRules"/>, the silo's file and
    /// inline rules, checked at start-up); else the defaults.
    /// </summary>
    public IReadOnlyList<AlertRule> EffectiveRules() => !Enabled ? [] : _loaded ?? AlertRule.Defaults;

    /// <summary>Sets the rules the host loaded and checked (what <see cref="EffectiveRules"/> answers when enabled).</summary>
    public void UseRules(IReadOnlyList<AlertRule> rules) => _loaded = rules;
}
