using Turtle.Actors.Runtime.Membership;
using Xunit.Abstractions;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>
/// The failure detector with its default timings, on manual time: how fast a dead silo is declared dead, and which
/// partial failures must not kill a live one.
/// </summary>
public sealed class FailureDetectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DetectionTarget = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(Reachability.Refused, 0, 0)]
    [InlineData(Reachability.Refused, 500, 0)]
    [InlineData(Reachability.Silent, 0, 0)]
    [InlineData(Reachability.Silent, 500, 0)]
    [InlineData(Reachability.Silent, 950, 0)]
    [InlineData(Reachability.Refused, 0, 170)]
    [InlineData(Reachability.Silent, 0, 170)]
    [InlineData(Reachability.Silent, 0, 230)]
    public async Task A_killed_silo_is_declared_dead_in_the_table_and_in_every_view_within_5_seconds(
        Reachability after, int msAfterProbeRound, int startStaggerMs)
    {
        // Six silos, each watching 3: some survivors watch the victim and vote, others learn only from their refresh.
        // Staggered starts put every silo's probe and refresh timers out of phase with the others'.
        await using var cluster = new ProtocolCluster();
        for (var i = 0; i < 6; i++)
        {
            await cluster.StartSiloAsync(11111 + i);
            await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(startStaggerMs));
        }

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(6 * startStaggerMs % 1000) + TimeSpan.FromMilliseconds(msAfterProbeRound));
        var victim = cluster.Members[2];
        var survivors = cluster.Members.Where(m => m != victim).ToList();

        cluster.Kill(victim, after);
        var inTable = await cluster.AdvanceUntilAsync(() => cluster.StatusOf(victim) == SiloMembershipStatus.Dead,
            DetectionTarget, "the victim's row turns Dead");
        var inViews = inTable + await cluster.AdvanceUntilAsync(() => survivors.All(s => s.Service.IsDead(victim.Address) && s.Service.ActiveSilos.All(a => a.Address != victim.Address)),
            DetectionTarget - inTable, "every survivor sees the victim dead");

        output.WriteLine($"probe {after}, killed {msAfterProbeRound} ms after the first silo's probe round, starts {startStaggerMs} ms apart: Dead in the table after {inTable.TotalSeconds:F2} s, in every view after {inViews.TotalSeconds:F2} s");
        var row = await cluster.RowAsync(victim);
        Assert.True(row.Suspicions.Select(v => v.Voter).Distinct().Count() >= 2, "two watchers voted");
        Assert.All(survivors, s => Assert.Empty(s.Terminator.Calls));
        Assert.All(survivors, s => Assert.Equal(SiloMembershipStatus.Active, cluster.StatusOf(s)));
    }

    [Fact]
    public async Task One_watcher_alone_cannot_kill_a_silo()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var (lonely, other, target) = (cluster.Members[0], cluster.Members[1], cluster.Members[2]);
        cluster.Network.Cut(lonely.Address, target.Address);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(60));

        var row = await cluster.RowAsync(target);
        Assert.Equal(SiloMembershipStatus.Active, row.Status);
        Assert.Equal([lonely.Address], row.Suspicions.Select(v => v.Voter).Distinct());
        Assert.Contains(target.Service.ActiveSilos, s => s.Address == target.Address);
        Assert.Empty(target.Terminator.Calls);

        // The test can fail: once the second watcher loses the target too, the votes add up.
        cluster.Network.Cut(other.Address, target.Address);
        await cluster.AdvanceUntilAsync(() => cluster.StatusOf(target) == SiloMembershipStatus.Dead, DetectionTarget, "two watchers kill the target");
    }

    [Fact]
    public async Task Misses_that_are_not_consecutive_never_raise_a_suspicion()
    {
        await using var cluster = await ProtocolCluster.StartAsync(4);
        var target = cluster.Members[3];
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        // Every other probe round the target is unreachable, for a minute.
        for (var round = 0; round < 30; round++)
        {
            cluster.Network.Set(target.Address, Reachability.Refused);
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
            cluster.Network.Set(target.Address, Reachability.Answers);
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var row = await cluster.RowAsync(target);
        Assert.Equal(SiloMembershipStatus.Active, row.Status);
        Assert.Empty(row.Suspicions);
        Assert.True(cluster.Network.ProbesSent(cluster.Members[0].Address, target.Address) >= 60, "the target was probed every round");
    }

    [Fact]
    public async Task A_single_missed_probe_does_not_suspect()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var target = cluster.Members[2];
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        cluster.Network.Set(target.Address, Reachability.Silent);
        await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(1800));
        Assert.All(cluster.Members.Take(2), m => Assert.Equal(1, m.Service.MissesOf(target.Address)));
        cluster.Network.Set(target.Address, Reachability.Answers);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));

        var row = await cluster.RowAsync(target);
        Assert.Equal(SiloMembershipStatus.Active, row.Status);
        Assert.Empty(row.Suspicions);
        Assert.All(cluster.Members.Take(2), m => Assert.Equal(0, m.Service.MissesOf(target.Address)));
    }

    [Fact]
    public async Task Votes_older_than_the_suspicion_window_do_not_count()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var (first, second, target) = (cluster.Members[0], cluster.Members[1], cluster.Members[2]);

        cluster.Network.Cut(first.Address, target.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        cluster.Network.Heal(first.Address, target.Address);
        var firstVote = Assert.Single((await cluster.RowAsync(target)).Suspicions);
        await cluster.AdvanceAsync(cluster.Options.SuspicionWindow);

        cluster.Network.Cut(second.Address, target.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));

        var row = await cluster.RowAsync(target);
        Assert.Equal(SiloMembershipStatus.Active, row.Status);
        Assert.Equal([second.Address], row.Suspicions.Select(v => v.Voter).Distinct());
        Assert.DoesNotContain(firstVote, row.Suspicions);

        // Within the window the same two votes do kill it.
        cluster.Network.Cut(first.Address, target.Address);
        await cluster.AdvanceUntilAsync(() => cluster.StatusOf(target) == SiloMembershipStatus.Dead, DetectionTarget, "two fresh votes kill the target");
    }

    [Fact]
    public async Task A_watcher_that_reaches_the_target_again_withdraws_its_vote()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var (first, second, target) = (cluster.Members[0], cluster.Members[1], cluster.Members[2]);
        cluster.Network.Cut(first.Address, target.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Single((await cluster.RowAsync(target)).Suspicions);

        cluster.Network.Heal(first.Address, target.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Empty((await cluster.RowAsync(target)).Suspicions);

        // A second cut well within the suspicion window: the first cut's vote no longer adds to it.
        cluster.Network.Cut(second.Address, target.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        var row = await cluster.RowAsync(target);
        Assert.Equal(SiloMembershipStatus.Active, row.Status);
        Assert.Equal([second.Address], row.Suspicions.Select(v => v.Voter).Distinct());
    }

    [Fact]
    public async Task In_a_two_silo_cluster_the_survivor_alone_evicts_the_other()
    {
        await using var cluster = await ProtocolCluster.StartAsync(2);
        var (survivor, victim) = (cluster.Members[0], cluster.Members[1]);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        cluster.Kill(victim);
        var detected = await cluster.AdvanceUntilAsync(() => survivor.Service.IsDead(victim.Address), DetectionTarget, "the survivor evicts the victim");

        output.WriteLine($"two silos: victim dead after {detected.TotalSeconds:F2} s");
        Assert.Equal([survivor.Address], (await cluster.RowAsync(victim)).Suspicions.Select(v => v.Voter));
    }

    [Fact]
    public async Task Each_silo_probes_a_bounded_set_and_every_silo_is_watched_by_several()
    {
        await using var cluster = await ProtocolCluster.StartAsync(7);
        cluster.Network.ForgetProbes(); // each joiner's one probe of the silos already active

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));

        foreach (var member in cluster.Members)
        {
            Assert.Equal(cluster.Options.ProbedSiloCount, cluster.Network.ProbedBy(member.Address).Count);
            Assert.Equal(10 * cluster.Options.ProbedSiloCount, cluster.Network.ProbesSentBy(member.Address));
            var watchers = cluster.Members.Count(w => cluster.Network.ProbesSent(w.Address, member.Address) > 0);
            Assert.Equal(cluster.Options.ProbedSiloCount, watchers);
        }
    }

    [Fact]
    public async Task A_stalled_watcher_does_not_count_its_own_stall_as_the_targets_silence()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var target = cluster.Members[2];
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));
        cluster.Network.Set(target.Address, Reachability.Silent);

        // In each round the process stalls for 3 s between sending its probes and their timeouts firing.
        for (var round = 0; round < 10; round++)
        {
            await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100));
            cluster.Clock.Stall(TimeSpan.FromSeconds(3));
            await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(900));
        }

        Assert.Empty((await cluster.RowAsync(target)).Suspicions);

        // Once time flows normally, the same silence is a failure.
        await cluster.AdvanceUntilAsync(() => cluster.StatusOf(target) == SiloMembershipStatus.Dead, DetectionTarget, "the target is declared dead");
    }
}
