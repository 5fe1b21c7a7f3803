using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests.Cluster;

public class PlacementFilterTests
{
    [Fact]
    public async Task A_placement_filter_keeps_each_datacenters_grains_on_its_silos_and_observers_host_none()
    {
        await using var cluster = await TestCluster.StartAsync(0, new TestClusterOptions
        {
            ConfigureServices = s => s.AddSingleton(new TestProbe()),
            ConfigureSilo = silo => silo.AddPlacementFilter(new KeyPrefixDcFilter()),
        }, typeof(TestProbe).Assembly);
        var dc1a = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc1" });
        var dc1b = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc1" });
        var dc2 = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc2" });
        var observer = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc3", ["Turtle:Role"] = "observer" });
        await cluster.WaitForMembershipToSettleAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            observer.GrainFactory.GetGrain<ICallGrain>($"dc1/host-{i}").Add(i, 0),
            observer.GrainFactory.GetGrain<ICallGrain>($"dc2/host-{i}").Add(i, 0),
        }));

        Assert.Equal(20, Keys(dc1a).Concat(Keys(dc1b)).Count(k => k.StartsWith("dc1/", StringComparison.Ordinal)));
        Assert.All(Keys(dc1a).Concat(Keys(dc1b)), k => Assert.StartsWith("dc1/", k));
        Assert.Equal(20, Keys(dc2).Count(k => k.StartsWith("dc2/", StringComparison.Ordinal)));
        Assert.Empty(Keys(observer));
    }

    private static List<string> Keys(TestClusterSilo silo) =>
        silo.Services.GetRequiredService<ActivationCatalog>().Activations.Where(a => !a.IsObserver).Select(a => a.GrainId.Key).ToList();

    /// <summary>The twin's DC affinity in miniature: a key "dcN/..." belongs on DC N's silos while any is up.</summary>
    private sealed class KeyPrefixDcFilter : IPlacementFilter
    {
        public IReadOnlyList<MembershipEntry> Filter(GrainId grainId, IReadOnlyList<MembershipEntry> candidates)
        {
            var slash = grainId.Key.IndexOf('/');
            if (slash <= 0)
            {
                return candidates;
            }

            var dc = grainId.Key[..slash];
            var inDc = candidates.Where(s => s.Dc == dc).ToList();
            return inDc.Count > 0 ? inDc : candidates;
        }
    }
}
