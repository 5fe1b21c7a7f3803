using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors;
using Turtle.Actors.Hosting;
using Turtle.Actors.Testing.Cluster;
using Turtle.Silo.Twin;
using Turtle.Twin;
using Turtle.Twin.Changes;
using Turtle.Twin.Observations;
using Turtle.Twin.Queries;

namespace Turtle.Silo.Tests;

/// <summary>The twin on a real two-silo cluster (one silo per DC): placement by DC, and one change feed for all.</summary>
public class TwinClusterTests
{
    [Fact]
    public async Task Twins_live_in_their_dc_and_every_silo_follows_every_change()
    {
        await using var cluster = await TestCluster.StartAsync(0, new TestClusterOptions
        {
            ConfigureSilo = silo => silo.AddTwin(new ConfigurationBuilder().Build()).AddMemoryHistory(),
        });
        var dc1 = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc1" });
        var dc2 = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Turtle:Dc"] = "dc2" });
        await cluster.WaitForMembershipToSettleAsync();
        var feed = dc1.Services.GetRequiredService<LocalChangeFeed>();
        await WaitUntil(() => feed.Connected && dc2.Services.GetRequiredService<LocalChangeFeed>().Connected);
        using var changes = feed.Subscribe("dc2/");

        // Ingest arrives at the dc1 silo for hosts of both DCs, as a collector failing over between gateways would send it.
        foreach (var (dc, host) in new[] { ("dc1", "a"), ("dc1", "b"), ("dc2", "c"), ("dc2", "d") })
        {
            var batch = new Observation { Collector = host, Seq = 1, Dc = dc, Host = host, Time = DateTimeOffset.UtcNow, Metrics = new HostMetrics { Cpu = new CpuMetrics(5) } };
            await dc1.GrainFactory.GetGrain<IHostGrain>(batch.HostKey).Observe(batch);
        }

        foreach (var (key, silo) in new[] { ("dc1/a", dc1), ("dc1/b", dc1), ("dc2/c", dc2), ("dc2/d", dc2) })
        {
            var address = await cluster.Directory.LookupAsync(dc1.GrainFactory.GetGrain<IHostGrain>(key).GetGrainId());
            Assert.Equal(silo.Address, address?.Silo);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new HashSet<string>();
        while (seen.Count < 2)
        {
            var change = await changes.Reader.ReadAsync(timeout.Token);
            if (change.Kind == TwinKind.Host)
            {
                seen.Add(change.Key);
            }
        }

        Assert.Equal(["dc2/c", "dc2/d"], seen.Order().ToArray());
        var hosts = await new TwinQueries(dc2.GrainFactory).FindHostsAsync();
        Assert.Equal(4, hosts.Count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the change feeds to connect");
            await Task.Delay(20);
        }
    }
}
