using Turtle.Actors.Testing;
using Turtle.Twin.Alerts;

namespace Turtle.Twin.Tests.Alerts;

/// <summary>The alert lifecycle on a fake clock: pending, firing after 'for', resolved only past the clear level, one alert per rule and instance.</summary>
public sealed class AlertEvaluatorTests
{
    private const string Host = "dc1/nas";
    private static readonly AlertRule Disk = new("disk", "fs[*].used_percent", AlertComparison.Above, 90, 85, TimeSpan.FromMinutes(5), AlertSeverity.Critical);

    private readonly ManualTimeProvider _clock = new();
    private readonly List<HostAlert> _transitions = [];
    private IReadOnlyList<HostAlert> _active = [];
    private IReadOnlyList<HostAlert> _resolved = [];

    [Fact]
    public void A_value_oscillating_inside_the_hysteresis_band_fires_once_and_never_resolves()
    {
        var evaluator = new AlertEvaluator([Disk], _clock);
        Step(evaluator, 95); // pending
        for (var i = 0; i < 10; i++)
        {
            Step(evaluator, 95, TimeSpan.FromMinutes(1));
        }

        // Around the threshold, always above the clear level: 89.9, 90.1, 86, 94, ...
        double[] wobble = [89.9, 90.1, 86, 94, 85.01, 90.5, 88, 91];
        for (var i = 0; i < 200; i++)
        {
            Step(evaluator, wobble[i % wobble.Length], TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, _transitions.Count(t => t.State == AlertState.Firing));
        Assert.Equal(0, _transitions.Count(t => t.State == AlertState.Resolved));
        var alert = Assert.Single(_active);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(95, alert.Peak);

        Step(evaluator, 85, TimeSpan.FromSeconds(5)); // at the clear level: resolved
        Assert.Equal(1, _transitions.Count(t => t.State == AlertState.Resolved));
        Assert.Empty(_active);
    }

    [Fact]
    public void Without_hysteresis_the_same_oscillation_flaps_which_is_what_the_band_prevents()
    {
        var noBand = Disk with { Clear = 90, For = TimeSpan.Zero };
        var evaluator = new AlertEvaluator([noBand], _clock);
        for (var i = 0; i < 10; i++)
        {
            Step(evaluator, i % 2 == 0 ? 90.1 : 89.9, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(5, _transitions.Count(t => t.State == AlertState.Firing));
        Assert.Equal(5, _transitions.Count(t => t.State == AlertState.Resolved));
    }

    [Fact]
    public void An_alert_fires_only_once_the_breach_has_lasted_its_for_duration()
    {
        var evaluator = new AlertEvaluator([Disk], _clock);
        Step(evaluator, 95);
        Assert.Equal(AlertState.Pending, Assert.Single(_active).State);

        Step(evaluator, 96, TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.Equal(AlertState.Pending, Assert.Single(_active).State);
        Assert.Empty(_transitions);

        Step(evaluator, 96, TimeSpan.FromSeconds(1));
        var firing = Assert.Single(_transitions);
        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromMinutes(5), firing.Since);
        Assert.Equal(_clock.GetUtcNow(), firing.FiringSince);
    }

    [Fact]
    public void A_breach_shorter_than_for_is_dropped_without_a_transition_and_the_next_one_starts_over()
    {
        var evaluator = new AlertEvaluator([Disk], _clock);
        Step(evaluator, 95);
        Step(evaluator, 89, TimeSpan.FromMinutes(4));
        Assert.Empty(_active);

        Step(evaluator, 95, TimeSpan.FromMinutes(1));
        Step(evaluator, 95, TimeSpan.FromMinutes(4));
        Assert.Equal(AlertState.Pending, Assert.Single(_active).State);
        Assert.Empty(_transitions);
    }

    [Fact]
    public void Each_rule_and_instance_has_one_alert_however_often_it_breaches()
    {
        var now = Disk with { For = TimeSpan.Zero };
        var evaluator = new AlertEvaluator([now], _clock);
        for (var i = 0; i < 20; i++)
        {
            Evaluate(evaluator, new() { ["fs[/].used_percent"] = 50, ["fs[/var].used_percent"] = 91 + i * 0.1, ["fs[/data].used_percent"] = 99 });
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(["/data", "/var"], _active.Select(a => a.Instance).Order(StringComparer.Ordinal));
        Assert.Equal(2, _transitions.Count);
        Assert.All(_transitions, t => Assert.Equal(AlertState.Firing, t.State));
        var var = _active.Single(a => a.Instance == "/var");
        Assert.Equal(92.9, var.Value, 6);
        Assert.Equal("dc1/nas:disk:/var", var.Key);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromSeconds(5), var.UpdatedAt);
    }

    [Fact]
    public void A_resolved_alert_goes_to_history_and_a_new_breach_is_a_new_occurrence_with_its_own_key()
    {
        var evaluator = new AlertEvaluator([Disk with { For = TimeSpan.Zero }], _clock, resolvedHistory: 2);
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Step(evaluator, 95, TimeSpan.FromMinutes(1));
            Step(evaluator, 80, TimeSpan.FromMinutes(1));
        }

        Assert.Empty(_active);
        Assert.Equal(2, _resolved.Count); // bounded, newest first
        Assert.True(_resolved[0].ResolvedAt > _resolved[1].ResolvedAt);
        Assert.Equal(80, _resolved[0].Value);
        Assert.Equal(6, _transitions.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.EndsWith(":resolved", _transitions[^1].IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public void A_below_rule_fires_under_its_threshold_and_clears_above_its_clear_level()
    {
        var rule = new AlertRule("low-memory", "memory.available_bytes", AlertComparison.Below, 100, 150, TimeSpan.Zero, AlertSeverity.Warning);
        var evaluator = new AlertEvaluator([rule], _clock);
        Evaluate(evaluator, new() { ["memory.available_bytes"] = 90 });
        Evaluate(evaluator, new() { ["memory.available_bytes"] = 120 });
        Assert.Equal(AlertState.Firing, Assert.Single(_active).State);
        Evaluate(evaluator, new() { ["memory.available_bytes"] = 150 });
        Assert.Empty(_active);
        Assert.Equal([AlertState.Firing, AlertState.Resolved], _transitions.Select(t => t.State));
    }

    [Fact]
    public void A_firing_instance_no_longer_reported_resolves_but_one_whose_family_is_absent_waits()
    {
        var evaluator = new AlertEvaluator([Disk with { For = TimeSpan.Zero }], _clock);
        Evaluate(evaluator, new() { ["fs[/mnt/usb].used_percent"] = 99, ["fs[/].used_percent"] = 10 });
        Evaluate(evaluator, new() { ["cpu.percent"] = 10 }); // no filesystems in this batch
        Assert.Single(_active);

        Evaluate(evaluator, new() { ["fs[/].used_percent"] = 10 }); // unmounted
        Assert.Empty(_active);
        Assert.Equal("the metric is no longer reported", Assert.Single(_resolved).Note);
    }

    [Fact]
    public void Scopes_limit_a_rule_to_matching_dcs_and_hosts()
    {
        var scoped = Disk with { For = TimeSpan.Zero, Dc = "dc2", Host = "nas*" };
        Assert.True(scoped.Covers("dc2", "dc2/nas-01"));
        Assert.False(scoped.Covers("dc1", "dc1/nas-01"));
        Assert.False(scoped.Covers("dc2", "dc2/gw"));
        Assert.True((Disk with { Host = "dc1/*" }).Covers("dc1", "dc1/gw"));

        var evaluator = new AlertEvaluator([scoped], _clock);
        Step(evaluator, 99);
        Assert.Empty(_active);
    }

    private void Step(AlertEvaluator evaluator, double percent, TimeSpan? after = null)
    {
        if (after is { } delta)
        {
            _clock.Advance(delta);
        }

        Evaluate(evaluator, new() { ["fs[/data].used_percent"] = percent, ["cpu.percent"] = 5 });
    }

    private void Evaluate(AlertEvaluator evaluator, Dictionary<string, double> values)
    {
        var outcome = evaluator.Evaluate(Host, "dc1", values, _active, _resolved);
        _active = outcome.Active;
        _resolved = outcome.Resolved;
        _transitions.AddRange(outcome.Transitions);
    }
}
