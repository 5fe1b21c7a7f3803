using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

/// <summary>
/// Fails start-up, naming the setting, when a membership timing is out of order: each rule below is a way the
/// protocol would silently stop detecting failures or start declaring live silos dead.
/// </summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    private const string Prefix = ClusterMembershipOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.ProbeInterval), options.ProbeInterval);
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        Positive(failures, nameof(options.SuspicionWindow), options.SuspicionWindow);
        Positive(failures, nameof(options.TableRefreshInterval), options.TableRefreshInterval);
        Positive(failures, nameof(options.IAmAliveInterval), options.IAmAliveInterval);
        Positive(failures, nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration);
        Positive(failures, nameof(options.DefunctSiloCleanupPeriod), options.DefunctSiloCleanupPeriod);
        Positive(failures, nameof(options.LeaseDuration), options.LeaseDuration);
        if (options.LeaseMargin < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}LeaseMargin must not be negative, but is {options.LeaseMargin}.");
        }
        AtLeastOne(failures, nameof(options.MissedProbesBeforeSuspecting), options.MissedProbesBeforeSuspecting);
        AtLeastOne(failures, nameof(options.VotesNeededForDeath), options.VotesNeededForDeath);
        AtLeastOne(failures, nameof(options.ProbedSiloCount), options.ProbedSiloCount);
        if (failures.Count > 0)
        {
            return ValidateOptionsResult.Fail(failures);
        }

        // A probe must end before the next one to the same silo starts, or every other round is skipped.
        if (options.ProbeTimeout >= options.ProbeInterval)
        {
            failures.Add($"{Prefix}ProbeTimeout ({options.ProbeTimeout}) must be shorter than {Prefix}ProbeInterval ({options.ProbeInterval}).");
        }

        // A watcher's vote must still be fresh when the other watchers, which need as long, add theirs.
        if (options.SuspicionDelay >= options.SuspicionWindow)
        {
            failures.Add($"{Prefix}SuspicionWindow ({options.SuspicionWindow}) must be longer than the time to suspect a silo, " +
                $"{Prefix}MissedProbesBeforeSuspecting × {Prefix}ProbeInterval + {Prefix}ProbeTimeout ({options.SuspicionDelay}).");
        }

        if (options.TableRefreshInterval >= options.SuspicionWindow)
        {
            failures.Add($"{Prefix}TableRefreshInterval ({options.TableRefreshInterval}) must be shorter than {Prefix}SuspicionWindow ({options.SuspicionWindow}).");
        }

        // A lease that one read's delay can end would refuse writes of a healthy silo.
        if (options.LeaseDuration < 2 * options.TableRefreshInterval)
        {
            failures.Add($"{Prefix}LeaseDuration ({options.LeaseDuration}) must be at least 2 × {Prefix}TableRefreshInterval ({options.TableRefreshInterval}).");
        }

        // Each silo is watched by about ProbedSiloCount others; asking for more votes than that can never succeed.
        if (options.VotesNeededForDeath > options.ProbedSiloCount)
        {
            failures.Add($"{Prefix}VotesNeededForDeath ({options.VotesNeededForDeath}) must not exceed {Prefix}ProbedSiloCount ({options.ProbedSiloCount}).");
        }

        // A live Joining or ShuttingDown silo that missed a couple of heartbeats must never be cleaned up.
        if (options.DefunctSiloExpiration < 3 * options.IAmAliveInterval)
        {
            failures.Add($"{Prefix}DefunctSiloExpiration ({options.DefunctSiloExpiration}) must be at least 3 × {Prefix}IAmAliveInterval ({options.IAmAliveInterval}).");
        }

        if (options.DefunctSiloExpiration <= options.SuspicionWindow)
        {
            failures.Add($"{Prefix}DefunctSiloExpiration ({options.DefunctSiloExpiration}) must be longer than {Prefix}SuspicionWindow ({options.SuspicionWindow}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{setting} must be positive, but is {value}.");
        }
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add($"{Prefix}{setting} must be at least 1, but is {value}.");
        }
    }
}
