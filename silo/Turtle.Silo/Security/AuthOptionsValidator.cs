using Microsoft.Extensions.Options;

namespace Turtle.Silo.Security;

/// <summary>Stops start-up with a message naming the <c>Turtle:Auth</c> setting that cannot work.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        Positive(options.CacheFor, nameof(options.CacheFor), TimeSpan.FromMinutes(10), errors);
        Positive(options.LastUsedResolution, nameof(options.LastUsedResolution), TimeSpan.FromDays(1), errors);
        Positive(options.SessionLifetime, nameof(options.SessionLifetime), TimeSpan.FromDays(30), errors);
        Positive(options.LoginTokenLifetime, nameof(options.LoginTokenLifetime), TimeSpan.FromDays(366), errors);
        if (options.RotationOverlap < TimeSpan.Zero || options.RotationOverlap > TimeSpan.FromDays(30))
        {
            errors.Add($"{AuthOptions.SectionName}:RotationOverlap must be between 00:00:00 and 30.00:00:00, but is {options.RotationOverlap}");
        }

        if (!UserNames.IsValid(options.BootstrapAdmin))
        {
            errors.Add($"{AuthOptions.SectionName}:BootstrapAdmin '{options.BootstrapAdmin}' is not a user name: {UserNames.Rule}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(TimeSpan value, string setting, TimeSpan max, List<string> errors)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            errors.Add($"{AuthOptions.SectionName}:{setting} must be above 00:00:00 and at most {max}, but is {value}");
        }
    }
}
