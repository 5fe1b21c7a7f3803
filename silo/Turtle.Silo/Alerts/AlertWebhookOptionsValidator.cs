using Microsoft.Extensions.Options;

namespace Turtle.Silo.Alerts;

/// <summary>Stops start-up, naming the setting, when a webhook setting cannot work.</summary>
internal sealed class AlertWebhookOptionsValidator : IValidateOptions<AlertWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertWebhookOptions options)
    {
        const string section = AlertWebhookOptions.SectionName;
        var errors = new List<string>();
        for (var i = 0; i < options.Urls.Count; i++)
        {
            if (!Uri.TryCreate(options.Urls[i], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{section}:Urls:{i} is '{options.Urls[i]}'; it must be an absolute http or https URL.");
            }
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:Timeout is {options.Timeout}; it must be positive.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"{section}:MaxAttempts is {options.MaxAttempts}; it must be between 1 and 100.");
        }

        if (options.Backoff < TimeSpan.Zero || options.MaxBackoff < options.Backoff)
        {
            errors.Add($"{section}:Backoff is {options.Backoff} and MaxBackoff {options.MaxBackoff}; the backoff must be zero or more and at most MaxBackoff.");
        }

        if (options.QueueCapacity < 1)
        {
            errors.Add($"{section}:QueueCapacity is {options.QueueCapacity}; it must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
