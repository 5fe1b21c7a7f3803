using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Networking;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests.Cluster;

public class IdempotentRetryTests
{
    [Fact]
    public async Task An_idempotent_call_whose_silo_dies_runs_again_on_a_survivor_and_others_fail_clearly()
    {
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(3, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        var caller = cluster.Silos[0];
        var victim = cluster.Silos[2];
        var placement = new Placement.RendezvousPlacementDirector();
        var keys = Enumerable.Range(0, 300).Select(i => $"w{i}")
            .Where(k => placement.Place(new GrainId("where", k), cluster.Silos.Select(s => s.Address).ToList()) == victim.Address)
            .Take(2).ToList();

        var idempotent = caller.GrainFactory.GetGrain<IWhereGrain>(keys[0]).WhereAfter("gate");
        var once = caller.GrainFactory.GetGrain<IWhereGrain>(keys[1]).WhereAfterOnce("gate");
        await TestProbe.WaitUntil(() => probe.Log.Count(e => e.StartsWith("running", StringComparison.Ordinal)) == 2);

        await cluster.KillSiloAsync(victim);
        await Assert.ThrowsAsync<ConnectionLostException>(() => once);
        await TestProbe.WaitUntil(() => probe.Log.Count(e => e == $"running {keys[0]}") == 2, because: "the idempotent call should run again");
        probe.Open("gate");

        var ranOn = await idempotent;
        Assert.NotEqual(victim.Services.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture), ranOn);
    }
}
