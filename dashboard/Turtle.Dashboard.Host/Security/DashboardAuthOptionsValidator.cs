using Microsoft.Extensions.Options;

namespace Turtle.Dashboard.Host.Security;

/// <summary>Fails start-up with a message naming the setting, rather than a session that never ends or a limiter that refuses all.</summary>
internal sealed class DashboardAuthOptionsValidator : IValidateOptions<DashboardAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardAuthOptions options)
    {
        var failures = new List<string>();
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"{DashboardAuthOptions.SectionName}:SessionLifetime must be between 00:01:00 and 30.00:00:00 (was {options.SessionLifetime}).");
        }

        if (options.CacheFor < TimeSpan.Zero || options.CacheFor > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{DashboardAuthOptions.SectionName}:CacheFor must be between 00:00:00 and 00:05:00 (was {options.CacheFor}).");
        }

        if (options.LoginAttemptsPerMinute < 1)
        {
            failures.Add($"{DashboardAuthOptions.SectionName}:LoginAttemptsPerMinute must be at least 1 (was {options.LoginAttemptsPerMinute}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
