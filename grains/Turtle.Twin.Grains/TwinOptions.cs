using Turtle.Twin.Health;

namespace Turtle.Twin;

/// <summary>How twins judge what they observe, bound from <c>Turtle:Twin</c>.</summary>
public sealed class TwinOptions
{
    public const string SectionName = "Turtle:Twin";

    /// <summary>Missed intervals after which a host is Lost contact and a link Unknown. <value>Default 3.</value></summary>
    public int LostContactIntervals { get; set; } = 3;

    /// <summary>
    /// Health rules; a host's health is its worst finding. Empty means <see cref="HealthRule.Defaults"/>; configured
    /// rules replace the defaults as a whole (the binder would append to a pre-filled list).
    /// </summary>
    public List<HealthRule> HealthRules { get; set; } = [];

    /// <summary>The rules in force: the configured ones, or the defaults.</summary>
    public IReadOnlyList<HealthRule> EffectiveHealthRules => HealthRules.Count > 0 ? HealthRules : HealthRule.Defaults;

    /// <summary>Loss (percent) from which a link is Degraded. <value>Default 2.</value></summary>
    public double LinkDegradedLossPercent { get; set; } = 2;

    /// <summary>Round trip (ms) from which a link is Degraded. <value>Default 250.</value></summary>
    public double LinkDegradedRttMs { get; set; } = 250;

    /// <summary>Points in a host's recent in-memory window. <value>Default 120 (10 minutes at 5 s).</value></summary>
    public int RecentWindow { get; set; } = 120;

    /// <summary>
    /// How often a host twin recomputes its predictions from history (the first time at a random point within the
    /// first period after activation, so a restarted silo's twins do not read history all at once).
    /// <value>Default 10 minutes.</value>
    /// </summary>
    public TimeSpan PredictionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a process or link twin writes its state when only its metrics changed (appearance, exit and status
    /// changes are written at once; every sample is in history anyway). <value>Default 1 minute.</value>
    /// </summary>
    public TimeSpan QuietWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
}
