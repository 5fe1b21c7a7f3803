using Turtle.Twin.Alerts;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Hosts;

/// <summary>A host twin's alerts: the rules in force applied to each observation that brings metrics, kept in the twin itself.</summary>
internal sealed class HostAlerting(AlertOptions options, TimeProvider time)
{
    private readonly AlertEvaluator _evaluator = new(options.EffectiveRules(), time, options.ResolvedHistory);

    /// <summary>
    /// <paramref name="twin"/> (the new version of <paramref name="before"/>) with the alerts of <paramref name="before"/>
    /// judged on <paramref name="observation"/>'s values, and the transitions made. A batch without metrics (or with no
    /// rules in force, and no alerts left to resolve) keeps the alerts as they were.
    /// </summary>
    public (HostTwin Twin, IReadOnlyList<HostAlert> Transitions) Apply(HostTwin? before, HostTwin twin, Observation observation)
    {
        var active = before?.Alerts ?? [];
        var resolved = before?.ResolvedAlerts ?? [];
        if (observation.Metrics is null || (_evaluator.Rules.Count == 0 && active.Count == 0))
        {
            return (twin with { Alerts = active, ResolvedAlerts = resolved }, []);
        }

        var values = AlertValues.Of(observation.Metrics, twin.Facts, observation.Links);
        var outcome = _evaluator.Evaluate(twin.Key, twin.Dc, values, active, resolved);
        return (twin with { Alerts = outcome.Active, ResolvedAlerts = outcome.Resolved }, outcome.Transitions);
    }
}
