using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>A silo's own row through its life: join, active, graceful leave, restart, being declared dead, heartbeats and cleanup.</summary>
public sealed class MembershipLifecycleTests
{
    [Fact]
    public async Task A_silo_joins_as_joining_with_a_new_generation_then_becomes_active_and_others_see_it()
    {
        await using var cluster = await ProtocolCluster.StartAsync(2);
        var observer = cluster.Members[0];

        var joiner = await cluster.StartSiloAsync(12000, activate: false);
        var row = await cluster.RowAsync(joiner);
        Assert.Equal(SiloMembershipStatus.Joining, row.Status);
        Assert.Equal(cluster.Time.GetUtcNow().ToUnixTimeMilliseconds(), joiner.Address.Generation);
        Assert.Equal(cluster.Time.GetUtcNow(), row.StartTime);
        Assert.Equal("silo-12000", row.SiloName);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(observer.Service.ActiveSilos, s => s.Address == joiner.Address);
        Assert.Equal(0, cluster.Network.ProbesSent(observer.Address, joiner.Address));

        await joiner.Service.BecomeActiveAsync();
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(SiloMembershipStatus.Active, (await cluster.RowAsync(joiner)).Status);
        Assert.Contains(observer.Service.ActiveSilos, s => s.Address == joiner.Address);
        Assert.Contains(observer.Changes, c => c.Find(joiner.Address) is { Entry.Status: SiloMembershipStatus.Active });
        Assert.Equal(3, joiner.Service.ActiveSilos.Count);
    }

    [Fact]
    public async Task Graceful_shutdown_goes_through_shutting_down_to_dead_and_others_see_both()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var (observer, leaver) = (cluster.Members[0], cluster.Members[2]);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        await leaver.Service.BeginShutdownAsync();
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Contains(observer.Changes, c => c.Find(leaver.Address) is { Entry.Status: SiloMembershipStatus.ShuttingDown });
        Assert.DoesNotContain(observer.Service.ActiveSilos, s => s.Address == leaver.Address);
        Assert.False(observer.Service.IsDead(leaver.Address));

        await leaver.Service.StopAsync();
        var changesBefore = observer.Changes.Count;
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        var row = await cluster.RowAsync(leaver);
        Assert.Equal(SiloMembershipStatus.Dead, row.Status);
        Assert.Empty(row.Suspicions);
        Assert.True(observer.Changes.Count > changesBefore);
        Assert.Equal(SiloMembershipStatus.Dead, observer.Changes[^1].Find(leaver.Address)!.Value.Entry.Status);
        Assert.True(observer.Service.IsDead(leaver.Address));
        Assert.Empty(leaver.Terminator.Calls);

        // Gone quietly: no more probes, heartbeats or votes from it, and nobody suspects it.
        var probes = cluster.Network.ProbesSentBy(leaver.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(probes, cluster.Network.ProbesSentBy(leaver.Address));
        Assert.Equal(row.IAmAliveTime, (await cluster.RowAsync(leaver)).IAmAliveTime);
        Assert.Empty((await cluster.RowAsync(leaver)).Suspicions);
    }

    [Fact]
    public async Task A_silo_that_reads_itself_dead_calls_the_terminator_once_and_stops_writing()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var victim = cluster.Members[2];
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        // A partition: nobody reaches the victim, but the victim still reaches the table.
        foreach (var watcher in cluster.Members.Take(2))
        {
            cluster.Network.Cut(watcher.Address, victim.Address);
        }

        await cluster.AdvanceUntilAsync(() => victim.Terminator.Calls.Count > 0, TimeSpan.FromSeconds(5), "the victim terminates itself");

        var (silo, reason) = Assert.Single(victim.Terminator.Calls);
        Assert.Equal(victim.Address, silo);
        Assert.Contains("Dead", reason);
        Assert.True(victim.Service.IsTerminated);
        var row = await cluster.RowAsync(victim);
        var probes = cluster.Network.ProbesSentBy(victim.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Single(victim.Terminator.Calls);
        Assert.Equal(row.IAmAliveTime, (await cluster.RowAsync(victim)).IAmAliveTime);
        Assert.Equal(probes, cluster.Network.ProbesSentBy(victim.Address));
        Assert.All(cluster.Members.Take(2), m => Assert.Empty(m.Terminator.Calls));
    }

    [Fact]
    public async Task A_silo_whose_row_vanished_terminates_too()
    {
        await using var cluster = await ProtocolCluster.StartAsync(2);
        var victim = cluster.Members[1];
        var snapshot = await cluster.Table.ReadAllAsync();
        var (entry, etag) = snapshot.Find(victim.Address)!.Value;
        Assert.True(await cluster.Table.UpdateRowAsync(entry with { Status = SiloMembershipStatus.Dead, IAmAliveTime = DateTimeOffset.MinValue },
            etag, snapshot.Version, snapshot.Version.Next()));
        Assert.Equal(1, await cluster.Table.CleanupDefunctAsync(cluster.Time.GetUtcNow()));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Contains("gone", Assert.Single(victim.Terminator.Calls).Reason);
    }

    [Fact]
    public async Task A_restart_at_the_same_host_and_port_gets_a_newer_generation_and_supersedes_the_old_one()
    {
        await using var cluster = await ProtocolCluster.StartAsync(3);
        var observer = cluster.Members[0];
        var old = cluster.Members[2];
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        // The process dies and comes straight back, faster than the watchers could notice.
        old.Service.Dispose();
        var restarted = await cluster.StartSiloAsync(old.Address.Port);

        Assert.True(restarted.Address.Generation > old.Address.Generation);
        Assert.Equal(SiloMembershipStatus.Dead, (await cluster.RowAsync(old)).Status);
        Assert.Equal(SiloMembershipStatus.Active, (await cluster.RowAsync(restarted)).Status);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.True(observer.Service.IsDead(old.Address));
        Assert.False(observer.Service.IsDead(restarted.Address));
        Assert.Equal([restarted.Address], observer.Service.ActiveSilos.Where(s => s.Address.Port == old.Address.Port).Select(s => s.Address));

        // An explicit generation that is not newer is refused, naming the address.
        var stale = new ProtocolClusterMemberFactory(cluster);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stale.StartAsync(old.Address));
        Assert.Contains($"{old.Address.Host}:{old.Address.Port}", error.Message);
    }

    [Fact]
    public async Task Heartbeats_are_written_every_interval_without_bumping_the_table_version()
    {
        await using var cluster = await ProtocolCluster.StartAsync(2);
        var silo = cluster.Members[0];
        var version = (await cluster.Table.ReadAllAsync()).Version;
        var joined = (await cluster.RowAsync(silo)).IAmAliveTime;

        await cluster.AdvanceAsync(ClusterMembershipOptions.DefaultIAmAliveInterval);

        Assert.Equal(joined + ClusterMembershipOptions.DefaultIAmAliveInterval, (await cluster.RowAsync(silo)).IAmAliveTime);
        Assert.Equal(version, (await cluster.Table.ReadAllAsync()).Version);
    }

    [Fact]
    public async Task Defunct_rows_are_cleaned_up_after_the_expiration_and_live_ones_never()
    {
        var options = new ClusterMembershipOptions { DefunctSiloExpiration = TimeSpan.FromMinutes(2), DefunctSiloCleanupPeriod = TimeSpan.FromSeconds(30) };
        await using var cluster = await ProtocolCluster.StartAsync(3, options);
        var leaver = cluster.Members[2];
        var joining = await cluster.StartSiloAsync(12000, activate: false);
        await leaver.Service.StopAsync();

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(1));
        Assert.Equal(4, (await cluster.Table.ReadAllAsync()).Entries.Count);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

        var left = (await cluster.Table.ReadAllAsync()).Entries.Select(r => r.Entry.Address).ToList();
        Assert.DoesNotContain(leaver.Address, left);
        Assert.Contains(joining.Address, left);
        Assert.Equal(3, left.Count);
        Assert.True(cluster.Members[0].Service.IsDead(leaver.Address), "a cleaned-up silo stays dead in the views that saw it");
    }

    /// <summary>Starts a membership service with an explicit address, to test generation checks.</summary>
    private sealed class ProtocolClusterMemberFactory(ProtocolCluster cluster)
    {
        public Task StartAsync(SiloAddress address) =>
            new MembershipService(ProtocolCluster.ClusterId,
                new MembershipEntry { Address = address, SiloName = "stale", Status = SiloMembershipStatus.Joining, StartTime = default, IAmAliveTime = default },
                cluster.Table, cluster.Network.ProberFor(() => address), cluster.Options, cluster.Time,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, new RecordingTerminator()).StartAsync();
    }
}
