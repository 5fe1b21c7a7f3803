using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage;
using Turtle.Actors.Testing;
using Turtle.Actors.Testing.Cluster;
using Turtle.Actors.Testing.Faults;

namespace Turtle.Actors.Runtime.Tests.Cluster;

/// <summary>The fault-injecting transport and storage the cluster simulation drives, each fault on its own.</summary>
public class TransportFaultsTests
{
    [Fact]
    public async Task A_one_way_cut_drops_one_sides_frames_while_the_other_sides_flow_and_heals()
    {
        var faults = new TransportFaults();
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(2, new TestClusterOptions
        {
            Configuration =
            {
                ["Turtle:Messaging:ResponseTimeout"] = "00:00:01",
                // Two silos: one missed probe's vote would evict the peer across the cut; this test is about frames only.
                ["Turtle:Membership:MissedProbesBeforeSuspecting"] = "1000",
                ["Turtle:Membership:SuspicionWindow"] = "00:59:00",
            },
            ConfigureServices = services => services.AddSingleton(probe).AddSingleton<ITransportFaults>(faults),
        }, typeof(TestProbe).Assembly);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        faults.Register("a", "dc1", a.Address.Port);
        faults.Register("b", "dc2", b.Address.Port);
        var onA = KeyPlacedOn(cluster, 0);
        var onB = KeyPlacedOn(cluster, 1);
        Assert.Equal(3, await a.GrainFactory.GetGrain<ICallGrain>(onB).Add(1, 2));
        Assert.Equal(3, await b.GrainFactory.GetGrain<ICallGrain>(onA).Add(1, 2));

        faults.Cut("a", "b");

        // b's frames reach a: a one-way call arrives. a's do not: its request to b and its answer to b are lost.
        await b.GrainFactory.GetGrain<ICallGrain>(onA).Notify("b reached a");
        await WaitUntilAsync(() => probe.Log.Contains("b reached a"));
        await Assert.ThrowsAsync<TimeoutException>(() => a.GrainFactory.GetGrain<ICallGrain>(onB).Add(1, 2));
        await Assert.ThrowsAsync<TimeoutException>(() => b.GrainFactory.GetGrain<ICallGrain>(onA).Add(1, 2));
        Assert.True(faults.Dropped > 0);

        faults.Heal("a", "b");

        Assert.Equal(5, await a.GrainFactory.GetGrain<ICallGrain>(onB).Add(2, 3));
        Assert.Equal(5, await b.GrainFactory.GetGrain<ICallGrain>(onA).Add(2, 3));
    }

    [Fact]
    public async Task A_connect_across_a_cut_hangs_until_the_connect_timeout_on_the_senders_clock_then_fails()
    {
        var clock = new ManualTimeProvider();
        var faults = new TransportFaults(_ => clock) { ConnectTimeout = TimeSpan.FromSeconds(5) };
        ITransportFaults seam = faults;
        faults.Register("a", "dc1", 1001);
        faults.Register("b", "dc2", 1002);
        faults.Cut("b", "a");

        var connect = seam.BeforeConnectAsync(Silo(1001), "127.0.0.1", 1002, CancellationToken.None).AsTask();
        await WaitUntilAsync(() => clock.ActiveTimerCount > 0);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(connect.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var refused = await Assert.ThrowsAsync<SocketException>(() => connect);
        Assert.Equal(SocketError.TimedOut, refused.SocketErrorCode);

        var healed = seam.BeforeConnectAsync(Silo(1001), "127.0.0.1", 1002, CancellationToken.None).AsTask();
        Assert.False(healed.IsCompleted);
        faults.Heal("b", "a");
        await healed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_delay_holds_a_pairs_frames_for_the_delay_on_the_senders_clock()
    {
        var clock = new ManualTimeProvider();
        var faults = new TransportFaults(_ => clock);
        ITransportFaults seam = faults;
        faults.Register("a", "dc1", 1001);
        faults.Register("b", "dc2", 1002);
        faults.Delay("a", "b", TimeSpan.FromMilliseconds(300));

        Assert.True(seam.BeforeSendAsync(Silo(1002), Silo(1001), CancellationToken.None).IsCompleted);
        var send = seam.BeforeSendAsync(Silo(1001), Silo(1002), CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(send.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await send.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Storage_calls_fail_while_cut_and_wait_while_paused()
    {
        var faults = new TransportFaults();
        var memory = new MemoryGrainStorage();
        var storage = new FaultyGrainStorage(memory, memory, faults, "a");
        var id = new GrainId("tally", "dc1/t0");

        faults.CutStorage("a");
        await Assert.ThrowsAsync<StorageUnreachableException>(() => storage.WriteStateAsync("tally", id, new Box { State = 1 }));
        await Assert.ThrowsAsync<StorageUnreachableException>(() => storage.RaiseFenceAsync(3));
        faults.HealStorage("a");

        faults.Pause("a");
        var held = storage.WriteStateAsync("tally", id, new Box { State = 2 });
        Assert.False(held.IsCompleted);
        Assert.Equal(0, (await Read(memory, id)).Version());
        faults.Resume("a");
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await Read(memory, id)).State);
    }

    private static async Task<Box> Read(IGrainStorage storage, GrainId id)
    {
        var state = new Box();
        await storage.ReadStateAsync("tally", id, state);
        return state;
    }

    private static SiloAddress Silo(int port) => new("127.0.0.1", port, 1);

    private static string KeyPlacedOn(TestCluster cluster, int index)
    {
        var director = new Placement.RendezvousPlacementDirector();
        var silos = cluster.Silos.Select(s => s.Address).ToList();
        return Enumerable.Range(0, 200).Select(i => $"cut-{i}").First(key => silos.IndexOf(director.Place(new GrainId("call", key), silos)) == index);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class Box : IGrainState<int>
    {
        public int State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public int Version() => RecordExists ? 1 : 0;
    }
}
