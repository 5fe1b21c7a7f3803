using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

/// <summary>Fails start-up with a message naming the <c>Turtle:History</c> setting that cannot work.</summary>
internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        var failures = new List<string>();
        const string Section = HistoryOptions.SectionName;
        if (options.RawRetention < TimeSpan.FromHours(2))
        {
            // The minute rollup and the recomputation of late minutes read raw rows; two hours leaves passes (at most an
            // hour apart, MaintenancePeriod) time to roll a minute up before it is pruned.
            failures.Add($"{Section}:RawRetention must be at least 2 hours, but is {options.RawRetention}.");
        }

        // Each tier is rolled up from the one before it, so it must not be pruned before the next is: a coarser tier
        // is kept at least as long as a finer one.
        AtLeast(failures, "MinuteRetention", options.MinuteRetention, "RawRetention", options.RawRetention);
        AtLeast(failures, "FiveMinuteRetention", options.FiveMinuteRetention, "MinuteRetention", options.MinuteRetention);
        AtLeast(failures, "HourRetention", options.HourRetention, "FiveMinuteRetention", options.FiveMinuteRetention);

        if (options.MaxFutureSkew < TimeSpan.Zero || options.MaxFutureSkew > TimeSpan.FromDays(7))
        {
            failures.Add($"{Section}:MaxFutureSkew must be between 0 and 7 days, but is {options.MaxFutureSkew}.");
        }

        Between(failures, $"{Section}:MaxLabels", options.MaxLabels, 0, 256);
        Between(failures, $"{Section}:MaxLabelKeyLength", options.MaxLabelKeyLength, 1, 1024);
        Between(failures, $"{Section}:MaxLabelValueLength", options.MaxLabelValueLength, 1, 4096);
        if (options.MaintenancePeriod < TimeSpan.FromSeconds(1) || options.MaintenancePeriod > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:MaintenancePeriod must be between 1 second and 1 hour, but is {options.MaintenancePeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeast(List<string> failures, string setting, TimeSpan value, string floorSetting, TimeSpan floor)
    {
        if (value < floor)
        {
            const string Section = HistoryOptions.SectionName;
            failures.Add($"{Section}:{setting} ({value}) must be at least {Section}:{floorSetting} ({floor}).");
        }
    }

    private static void Between(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{setting} must be between {min} and {max}, but is {value}.");
        }
    }
}
