using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Collector.Configuration;
using Turtle.Twin;

namespace Turtle.Silo.Collector;

/// <summary>
/// Stops start-up, naming the setting, when the embedded collector's links cannot work: the same rules as the
/// collector's <c>links:</c>, including the ones that would make the ingest reader refuse every observation (a link to
/// the machine itself). Its other settings are forgiving as before (the interval is clamped).
/// </summary>
internal sealed class EmbeddedCollectorOptionsValidator(IOptions<ClusterOptions> cluster) : IValidateOptions<EmbeddedCollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedCollectorOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success; // links of a collector that does not run cannot fail
        }

        var self = TwinKeys.Host(EmbeddedCollector.DcOf(options, cluster.Value), EmbeddedCollector.HostOf(options));
        var errors = LinkTargetRules.Errors(options.Links, EmbeddedCollector.IntervalOf(options).TotalSeconds, TwinKeys.IsHostKey(self) ? self : null,
            EmbeddedCollectorOptions.SectionName + ":Links");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
