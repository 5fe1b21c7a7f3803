using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;

namespace Turtle.Silo.Telemetry;

/// <summary>Fails start-up with a message naming the setting when the OTLP settings cannot work.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) &&
            (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https URL such as http://127.0.0.1:4318 (got '{options.OtlpEndpoint}').");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{TelemetryOptions.SectionName}:ServiceName must not be empty.");
        }

        if (options.ExportInterval < TimeSpan.FromMilliseconds(100) || options.ExportInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{TelemetryOptions.SectionName}:ExportInterval must be between 00:00:00.1 and 01:00:00 (got {options.ExportInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
