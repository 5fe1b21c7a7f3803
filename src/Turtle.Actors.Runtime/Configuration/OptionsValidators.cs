using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

/// <summary>Fails start-up with a message that names the setting.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        Positive(failures, "Turtle:Grains:CollectionAge", options.CollectionAge);
        Positive(failures, "Turtle:Grains:CollectionQuantum", options.CollectionQuantum);
        Positive(failures, "Turtle:Grains:ActivationTimeout", options.ActivationTimeout);
        Positive(failures, "Turtle:Grains:DeactivationTimeout", options.DeactivationTimeout);
        if (options.CollectionQuantum > options.CollectionAge)
        {
            failures.Add($"Turtle:Grains:CollectionQuantum ({options.CollectionQuantum}) must not exceed Turtle:Grains:CollectionAge ({options.CollectionAge}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be positive, but is {value}.");
        }
    }
}

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        GrainCollectionOptionsValidator.Positive(failures, "Turtle:Messaging:ResponseTimeout", options.ResponseTimeout);
        GrainCollectionOptionsValidator.Positive(failures, "Turtle:Messaging:ResponseTimeoutCheckPeriod", options.ResponseTimeoutCheckPeriod);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Turtle:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.SiloName))
        {
            failures.Add("Turtle:SiloName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
