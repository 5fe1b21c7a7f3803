using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;

namespace Turtle.Silo.Health;

/// <summary>Fails start-up with a message naming the setting when a readiness timing is out of range.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var errors = new List<string>();
        Check(errors, nameof(HealthOptions.StorageProbeTimeout), options.StorageProbeTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(errors, nameof(HealthOptions.StorageProbeCacheFor), options.StorageProbeCacheFor, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Check(errors, nameof(HealthOptions.MembershipStaleAfter), options.MembershipStaleAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{HealthOptions.SectionName}:{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
