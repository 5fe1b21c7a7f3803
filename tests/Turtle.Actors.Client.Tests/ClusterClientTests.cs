using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Client;
using Turtle.Actors.Configuration;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Client.Tests;

public class ClusterClientTests
{
    private static async Task<(TestCluster Cluster, TestProbe Probe)> StartClusterAsync(int silos)
    {
        var probe = new TestProbe();
        var cluster = await TestCluster.StartAsync(silos, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        return (cluster, probe);
    }

    private static Task<ClusterClient> ConnectAsync(params TestClusterSilo[] gateways) =>
        ClusterClient.ConnectAsync(new ClusterClientOptions { Gateways = gateways.Select(g => g.Gateway.ToString()).ToList() });

    [Fact]
    public async Task A_client_calls_grains_on_every_silo_through_one_gateway()
    {
        var (cluster, _) = await StartClusterAsync(3);
        await using var _ = cluster;
        await using var client = await ConnectAsync(cluster.Silos[0]);

        var sums = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.GetGrain<ICallGrain>($"c-{i}").Add(i, 1)));

        Assert.Equal(Enumerable.Range(1, 60), sums);
        Assert.Equal(cluster.Silos[0].Address, client.Gateway);
        var error = await Assert.ThrowsAsync<TemperatureOutOfRangeException>(() => client.GetGrain<ICallGrain>("c-1").Throw("from afar"));
        Assert.Equal("from afar", error.Message);
    }

    [Fact]
    public async Task A_client_observer_receives_pushes_from_grains_anywhere_in_the_cluster()
    {
        var (cluster, _) = await StartClusterAsync(3);
        await using var _ = cluster;
        await using var client = await ConnectAsync(cluster.Silos[1]);
        var listener = new Listener();
        var reference = client.CreateObjectReference<IChatObserver>(listener);

        var rooms = Enumerable.Range(0, 6).Select(i => client.GetGrain<IChatRoomGrain>($"room-{i}")).ToList();
        foreach (var room in rooms)
        {
            await room.Subscribe(reference);
            await room.Publish("hi");
        }

        await TestProbe.WaitUntil(() => listener.Count == 6);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"room-{i}: hi").Order(), listener.Messages.Order());
    }

    [Fact]
    public async Task When_its_gateway_dies_the_client_fails_over_to_another_it_learned()
    {
        var (cluster, _) = await StartClusterAsync(3);
        await using var _ = cluster;
        var first = cluster.Silos[0];
        // Only one gateway is configured: the others are learned from the cluster manifest.
        await using var client = await ConnectAsync(first);
        var grains = Enumerable.Range(0, 30).Select(i => client.GetGrain<ICallGrain>($"f-{i}")).ToList();
        await Task.WhenAll(grains.Select(g => g.Add(1, 1)));

        await cluster.KillSiloAsync(first);

        // Calls may fail while the loss is noticed; each must fail clearly, and calls must succeed again soon.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var sums = await Task.WhenAll(grains.Select(g => g.Add(2, 2)));
                Assert.All(sums, s => Assert.Equal(4, s));
                break;
            }
            catch (Exception exception) when (exception is SiloUnavailableException or Networking.ConnectionLostException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotEqual(first.Address, client.Gateway);
    }

    [Fact]
    public async Task A_client_of_another_cluster_is_refused_with_a_clear_error()
    {
        var (cluster, _) = await StartClusterAsync(1);
        await using var _ = cluster;

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterClient.ConnectAsync(new ClusterClientOptions
        {
            Gateways = [cluster.Silos[0].Gateway.ToString()],
            ClusterId = "someone-else",
            ConnectRetryLimit = TimeSpan.FromSeconds(1),
        }));
        Assert.Contains("someone-else", error.Message);
    }

    private sealed class Listener : IChatObserver
    {
        private readonly List<string> _messages = [];

        public int Count
        {
            get
            {
                lock (_messages)
                {
                    return _messages.Count;
                }
            }
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToList();
                }
            }
        }

        public void Receive(string room, string message)
        {
            lock (_messages)
            {
                _messages.Add($"{room}: {message}");
            }
        }
    }
}
