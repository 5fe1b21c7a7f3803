using Turtle.Actors.Configuration;

namespace Turtle.Actors.Runtime.Tests.Membership;

public sealed class ClusterMembershipOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_detect_a_dead_silo_everywhere_within_5_seconds()
    {
        var options = new ClusterMembershipOptions();

        Assert.True(new ClusterMembershipOptionsValidator().Validate(null, options).Succeeded);
        // A watcher votes within SuspicionDelay; the last vote declares death in the same write; every other silo
        // reads it within one refresh period.
        Assert.True(options.SuspicionDelay + options.TableRefreshInterval <= TimeSpan.FromSeconds(5),
            $"worst case {options.SuspicionDelay + options.TableRefreshInterval}");
    }

    public static TheoryData<string, Action<ClusterMembershipOptions>> Misordered => new()
    {
        { "Turtle:Membership:ProbeTimeout", o => o.ProbeTimeout = o.ProbeInterval },
        { "Turtle:Membership:ProbeTimeout", o => o.ProbeTimeout = TimeSpan.Zero },
        { "Turtle:Membership:ProbeInterval", o => o.ProbeInterval = TimeSpan.FromSeconds(-1) },
        { "Turtle:Membership:SuspicionWindow", o => o.SuspicionWindow = TimeSpan.FromSeconds(2) },
        { "Turtle:Membership:SuspicionWindow", o => o.MissedProbesBeforeSuspecting = 30 },
        { "Turtle:Membership:TableRefreshInterval", o => o.TableRefreshInterval = TimeSpan.FromSeconds(20) },
        { "Turtle:Membership:VotesNeededForDeath", o => o.VotesNeededForDeath = 4 },
        { "Turtle:Membership:VotesNeededForDeath", o => o.VotesNeededForDeath = 0 },
        { "Turtle:Membership:ProbedSiloCount", o => o.ProbedSiloCount = 0 },
        { "Turtle:Membership:MissedProbesBeforeSuspecting", o => o.MissedProbesBeforeSuspecting = 0 },
        { "Turtle:Membership:DefunctSiloExpiration", o => o.DefunctSiloExpiration = TimeSpan.FromSeconds(12) },
        { "Turtle:Membership:DefunctSiloExpiration", o => o.DefunctSiloExpiration = o.SuspicionWindow },
        { "Turtle:Membership:DefunctSiloCleanupPeriod", o => o.DefunctSiloCleanupPeriod = TimeSpan.Zero },
        { "Turtle:Membership:IAmAliveInterval", o => o.IAmAliveInterval = TimeSpan.Zero },
        { "Turtle:Membership:LeaseDuration", o => o.LeaseDuration = o.TableRefreshInterval },
        { "Turtle:Membership:LeaseDuration", o => o.LeaseDuration = TimeSpan.Zero },
        { "Turtle:Membership:LeaseMargin", o => o.LeaseMargin = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(Misordered))]
    public void Misordered_or_invalid_timings_are_rejected_naming_the_setting(string setting, Action<ClusterMembershipOptions> misconfigure)
    {
        var options = new ClusterMembershipOptions();
        misconfigure(options);

        var result = new ClusterMembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage);
    }
}
