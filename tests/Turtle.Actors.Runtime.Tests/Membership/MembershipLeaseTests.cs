using Turtle.Actors.Runtime.Membership;
using Xunit.Abstractions;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>
/// The membership lease on manual time: a member that keeps reading the table holds it; one cut off from the table
/// (and from its watchers, so the others declare it dead) loses it before any other silo may take its grains over,
/// at every step of the way; and the takeover delay counts from when each silo learned of the death.
/// </summary>
public sealed class MembershipLeaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Members_that_read_the_table_hold_their_lease_and_nobody_is_owed_a_takeover()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.All(cluster.Members, m =>
        {
            Assert.True(m.Service.HoldsLease(out var reason), reason);
            Assert.True(m.Service.LeaseRemaining > cluster.Options.LeaseDuration - 2 * cluster.Options.TableRefreshInterval);
        });
        Assert.All(cluster.Members, m => Assert.All(cluster.Members, other => Assert.Equal(TimeSpan.Zero, m.Service.TakeoverDelay(other.Address))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    [InlineData(700)]
    public async Task A_silo_cut_off_from_the_table_and_its_watchers_stops_writing_before_anyone_may_take_its_grains(int msAfterRefresh)
    {
        await using var cluster = await ProtocolCluster.StartAsync(4);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(msAfterRefresh));
        var isolated = cluster.Members[1];
        var others = cluster.Members.Where(m => m != isolated).ToList();

        isolated.Table.Severed = true;
        cluster.Network.Set(isolated.Address, Reachability.Silent);
        var step = TimeSpan.FromMilliseconds(50);
        TimeSpan? leaseLost = null, firstTakeover = null;
        for (var moved = TimeSpan.Zero; moved < TimeSpan.FromSeconds(15); moved += step)
        {
            cluster.Step(step);
            await cluster.SettleAsync();
            var holds = isolated.Service.HoldsLease(out _);
            var takeover = others.Any(o => o.Service.IsDead(isolated.Address) && o.Service.TakeoverDelay(isolated.Address) == TimeSpan.Zero);
            Assert.False(holds && takeover, $"at {moved.TotalSeconds:0.00} s the isolated silo still holds its lease and another silo may take its grains");
            leaseLost ??= holds ? null : moved;
            firstTakeover ??= takeover ? moved : null;
        }

        output.WriteLine($"cut {msAfterRefresh} ms into a refresh period: lease lost after {leaseLost?.TotalSeconds:0.00} s, first takeover allowed after {firstTakeover?.TotalSeconds:0.00} s");
        Assert.NotNull(leaseLost);
        Assert.NotNull(firstTakeover);
        Assert.True(leaseLost <= cluster.Options.LeaseDuration, $"lease lost after {leaseLost}");
        Assert.False(isolated.Service.HoldsLease(out var why));
        Assert.Contains("membership table", why);

        // Back in reach, it reads its verdict and stops, never holding a lease again.
        isolated.Table.Severed = false;
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Single(isolated.Terminator.Calls);
        Assert.False(isolated.Service.HoldsLease(out _));
    }

    [Fact]
    public async Task The_takeover_delay_counts_from_when_this_silo_learned_of_the_death()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        var victim = cluster.Members[2];
        var watcher = cluster.Members[0];

        cluster.Kill(victim);
        await cluster.AdvanceUntilAsync(() => watcher.Service.IsDead(victim.Address), TimeSpan.FromSeconds(10), "the watcher sees the victim dead");

        var owed = watcher.Service.TakeoverDelay(victim.Address);
        Assert.InRange(owed, cluster.Options.TakeoverDelay - TimeSpan.FromMilliseconds(50), cluster.Options.TakeoverDelay);
        await cluster.AdvanceAsync(cluster.Options.LeaseDuration);
        Assert.InRange(watcher.Service.TakeoverDelay(victim.Address), TimeSpan.FromMilliseconds(1), cluster.Options.LeaseMargin);
        await cluster.AdvanceAsync(cluster.Options.LeaseMargin);
        Assert.Equal(TimeSpan.Zero, watcher.Service.TakeoverDelay(victim.Address));
    }
}
