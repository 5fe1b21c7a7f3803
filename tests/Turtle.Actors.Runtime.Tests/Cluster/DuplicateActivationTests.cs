using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests.Cluster;

public class DuplicateActivationTests
{
    [Fact]
    public async Task A_duplicate_left_by_a_false_death_is_deactivated_when_its_silo_returns()
    {
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(3, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        var caller = cluster.Silos[0];
        var suspect = cluster.Silos[2];
        var placement = new Placement.RendezvousPlacementDirector();
        var key = Enumerable.Range(0, 200).Select(i => $"dup-{i}")
            .First(k => placement.Place(new GrainId("lifecycle", k), cluster.Silos.Select(s => s.Address).ToList()) == suspect.Address);
        var grain = caller.GrainFactory.GetGrain<ILifecycleGrain>(key);
        await grain.Ping();

        // The suspect is declared dead while it still runs: the grain is placed again on a survivor.
        cluster.OverrideStatus(suspect, SiloMembershipStatus.Dead);
        Assert.Equal(1, await grain.Ping());
        Assert.Equal(2, probe.Count($"activate {key}"));
        Assert.True(Holds(suspect, key), "the stale activation still exists on the suspect");

        // When the suspect comes back, it finds the directory names the other activation and gives its own up.
        cluster.OverrideStatus(suspect, SiloMembershipStatus.Active);
        await TestProbe.WaitUntil(() => !Holds(suspect, key), because: "the duplicate should deactivate");
        Assert.Contains($"deactivate {key} DuplicateActivation", probe.Log);
        Assert.Equal(1, cluster.Silos.Count(s => Holds(s, key)));
    }

    private static bool Holds(TestClusterSilo silo, string key) =>
        silo.Services.GetRequiredService<ActivationCatalog>().Contains(new GrainId("lifecycle", key));
}
