using Turtle.Actors.Testing;
using Turtle.Twin.Changes;
using Turtle.Twin.Observations;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Tests;

public class HostTwinTests
{
    [Fact]
    public async Task An_observation_becomes_the_twin_and_every_value_goes_to_history()
    {
        await using var silo = await TwinSilo.StartAsync();
        var batch = silo.Batch(1, cpu: 42.5);

        var ack = await silo.Host("dc1/lab").Observe(batch);

        Assert.Equal(new ObservationAck("lab-agent", 1, "dc1/lab", Duplicate: false), ack);
        var twin = await silo.Host("dc1/lab").GetTwin();
        Assert.NotNull(twin);
        Assert.Equal(42.5, twin.Metrics!.Cpu!.Percent);
        Assert.Equal(HealthStatus.Ok, twin.Health);
        Assert.Equal(1, twin.Version);
        var raw = await silo.History().ReadRawAsync("dc1/lab", "cpu.percent", batch.Time.AddMinutes(-1), batch.Time.AddMinutes(1));
        Assert.Equal(42.5, Assert.Single(raw).Value);
        Assert.Single(await silo.History().ReadRawAsync("dc1/lab", "memory.used_percent", batch.Time.AddMinutes(-1), batch.Time.AddMinutes(1)));
    }

    [Fact]
    public async Task A_replayed_sequence_number_is_acknowledged_again_and_stored_once()
    {
        await using var silo = await TwinSilo.StartAsync();
        var batch = silo.Batch(7, cpu: 30);
        await silo.Host("dc1/lab").Observe(batch);

        var replay = await silo.Host("dc1/lab").Observe(batch with { Metrics = new HostMetrics { Cpu = new CpuMetrics(99) } });
        var older = await silo.Host("dc1/lab").Observe(silo.Batch(6, cpu: 99));

        Assert.True(replay.Duplicate);
        Assert.True(older.Duplicate);
        var twin = await silo.Host("dc1/lab").GetTwin();
        Assert.Equal(30, twin!.Metrics!.Cpu!.Percent);
        Assert.Equal(1, twin.Version);
        Assert.Single(await silo.History().ReadRawAsync("dc1/lab", "cpu.percent", batch.Time.AddMinutes(-1), batch.Time.AddMinutes(1)));
    }

    [Fact]
    public async Task Sequence_numbers_are_tracked_per_collector()
    {
        await using var silo = await TwinSilo.StartAsync();
        await silo.Host("dc1/lab").Observe(silo.Batch(5, collector: "agent-a"));

        var other = await silo.Host("dc1/lab").Observe(silo.Batch(1, collector: "agent-b"));

        Assert.False(other.Duplicate);
    }

    [Fact]
    public async Task A_back_filled_batch_goes_to_history_without_replacing_the_latest_values()
    {
        await using var silo = await TwinSilo.StartAsync();
        var latest = silo.Batch(2, cpu: 20);
        await silo.Host("dc1/lab").Observe(latest);

        await silo.Host("dc1/lab").Observe(silo.Batch(3, cpu: 70) with { Time = latest.Time.AddMinutes(-10) });

        Assert.Equal(20, (await silo.Host("dc1/lab").GetTwin())!.Metrics!.Cpu!.Percent);
        Assert.Equal(2, (await silo.History().ReadRawAsync("dc1/lab", "cpu.percent", latest.Time.AddHours(-1), latest.Time.AddMinutes(1))).Count);
    }

    [Fact]
    public async Task Health_crosses_a_threshold_at_once_and_steps_back_only_past_the_hysteresis()
    {
        await using var silo = await TwinSilo.StartAsync(); // cpu: warning 85, critical 95, hysteresis 5
        var host = silo.Host("dc1/lab");
        var seq = 0;
        async Task<HealthStatus> Observe(double cpu)
        {
            silo.Time!.Advance(TimeSpan.FromSeconds(5));
            await host.Observe(silo.Batch(++seq, cpu));
            return (await host.GetTwin())!.Health;
        }

        Assert.Equal(HealthStatus.Ok, await Observe(84.9));
        Assert.Equal(HealthStatus.Warning, await Observe(85));
        // Hovering just under the threshold does not flap back to Ok.
        Assert.Equal(HealthStatus.Warning, await Observe(84));
        Assert.Equal(HealthStatus.Warning, await Observe(86));
        Assert.Equal(HealthStatus.Warning, await Observe(80.5));
        Assert.Equal(HealthStatus.Critical, await Observe(95));
        Assert.Equal(HealthStatus.Critical, await Observe(90.1));
        Assert.Equal(HealthStatus.Warning, await Observe(89.9));
        Assert.Equal(HealthStatus.Ok, await Observe(79.9));
        var finding = (await host.GetTwin())!.Findings;
        Assert.Empty(finding);
    }

    [Fact]
    public async Task A_host_silent_for_three_intervals_is_lost_contact_and_recovers_when_heard_again()
    {
        await using var silo = await TwinSilo.StartAsync();
        var host = silo.Host("dc1/lab");
        await host.Observe(silo.Batch(1, interval: 10));

        // Two and a half intervals of silence: still in contact.
        for (var i = 0; i < 5; i++)
        {
            silo.Time!.Advance(TimeSpan.FromSeconds(5));
        }

        await Task.Delay(100);
        Assert.Equal(HealthStatus.Ok, (await host.GetTwin())!.Health);

        for (var i = 0; i < 2; i++)
        {
            silo.Time!.Advance(TimeSpan.FromSeconds(10));
        }

        await TwinSilo.Eventually(async () => (await host.GetTwin())!.Health == HealthStatus.LostContact, "the host is Lost contact");
        var dc = await silo.GrainFactory.GetGrain<IDataCenterGrain>("dc1").GetTwin();
        await TwinSilo.Eventually(async () => (await silo.GrainFactory.GetGrain<IDataCenterGrain>("dc1").GetTwin())!.Status == DcStatus.Down,
            "the DC, whose only host is silent, is Down");

        await host.Observe(silo.Batch(2, interval: 10));
        Assert.Equal(HealthStatus.Ok, (await host.GetTwin())!.Health);
    }

    [Fact]
    public async Task Processes_appear_update_and_exit_and_an_exit_is_kept()
    {
        await using var silo = await TwinSilo.StartAsync();
        var host = silo.Host("dc1/lab");
        var started = silo.Time!.GetUtcNow().AddHours(-1);
        var nginx = new ProcessObservation { Pid = 42, StartTime = started, Name = "nginx", State = "S", CpuPercent = 3, RssBytes = 1_000 };
        var job = new ProcessObservation { Pid = 77, StartTime = started, Name = "backup", State = "R", CpuPercent = 90, RssBytes = 5_000 };
        await host.Observe(silo.Batch(1) with { Processes = [nginx, job] });
        silo.Time.Advance(TimeSpan.FromSeconds(5));
        await host.Observe(silo.Batch(2) with { Processes = [nginx with { CpuPercent = 4 }], Exited = [new ProcessExit(77, started, silo.Time.GetUtcNow(), 0)] });

        var twin = await host.GetTwin();
        var listed = Assert.Single(twin!.Processes);
        Assert.Equal("nginx", listed.Name);
        var exited = await silo.GrainFactory.GetGrain<IProcessGrain>(TwinKeys.Process("dc1/lab", 77, started)).GetTwin();
        Assert.True(exited!.Exited);
        Assert.Equal(0, exited.ExitCode);
        var running = await silo.GrainFactory.GetGrain<IProcessGrain>(TwinKeys.Process("dc1/lab", 42, started)).GetTwin();
        Assert.Equal(4, running!.CpuPercent);
        Assert.Equal(2, running.Version);
        var processes = await new TwinQueries(silo.GrainFactory).GetProcessesAsync("dc1/lab");
        Assert.Equal("nginx", Assert.Single(processes!).Name);
    }

    [Fact]
    public async Task The_graph_holds_dc_host_process_and_link_edges()
    {
        await using var silo = await TwinSilo.StartAsync();
        var started = silo.Time!.GetUtcNow().AddHours(-1);
        await silo.Host("dc1/lab").Observe(silo.Batch(1) with
        {
            Processes = [new ProcessObservation { Pid = 42, StartTime = started, Name = "nginx" }],
            Links = [new LinkObservation { To = "dc2/gw", RttMs = 12 }, new LinkObservation { To = "dc3", RttMs = null, LossPercent = 100 }],
        });
        await silo.Host("dc2/gw").Observe(silo.Batch(1, host: "gw") with { Dc = "dc2" });

        var graph = await new TwinQueries(silo.GrainFactory).GetGraphAsync();

        var edges = graph.Edges.Select(e => $"{e.From} {e.Kind} {e.To} {e.Status}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            $"dc1 Contains dc1/lab ",
            $"dc1/lab Link dc2/gw Up",
            $"dc1/lab Link dc3 Down",
            $"dc1/lab Runs {TwinKeys.Process("dc1/lab", 42, started)} ",
            $"dc2 Contains dc2/gw ",
        ], edges);
        Assert.Equal(["dc1", "dc2", "dc3"], graph.Nodes.Where(n => n.Kind == GraphNodeKind.Dc).Select(n => n.Id).ToArray());
        Assert.Equal("Unknown", graph.Nodes.Single(n => n.Id == "dc3").Status);
    }

    [Fact]
    public async Task A_dc_aggregates_its_hosts_worst_first()
    {
        await using var silo = await TwinSilo.StartAsync();
        await silo.Host("dc1/a").Observe(silo.Batch(1, cpu: 20, host: "a"));
        await silo.Host("dc1/b").Observe(silo.Batch(1, cpu: 96, host: "b"));

        await TwinSilo.Eventually(async () => (await silo.GrainFactory.GetGrain<IDataCenterGrain>("dc1").GetTwin())?.HostCount == 2, "both hosts reported");
        var dc = await silo.GrainFactory.GetGrain<IDataCenterGrain>("dc1").GetTwin();

        Assert.Equal(DcStatus.Degraded, dc!.Status);
        Assert.Equal(["dc1/b", "dc1/a"], dc.Hosts.Select(h => h.Key).ToArray());
        Assert.Equal(1, dc.HealthCounts[HealthStatus.Critical]);
        Assert.Equal(58, dc.AvgCpuPercent);
    }

    [Fact]
    public async Task Every_host_change_reaches_change_feed_subscribers_with_its_version()
    {
        await using var silo = await TwinSilo.StartAsync();
        await TwinSilo.Eventually(() => Task.FromResult(silo.Changes().Connected), "the local feed follows the cluster's");
        using var changes = silo.Changes().Subscribe("dc1/lab");

        await silo.Host("dc1/lab").Observe(silo.Batch(1, cpu: 10));
        silo.Time!.Advance(TimeSpan.FromSeconds(5));
        await silo.Host("dc1/lab").Observe(silo.Batch(2, cpu: 90));

        var received = new List<TwinChange>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < 2)
        {
            received.Add(await changes.Reader.ReadAsync(timeout.Token));
        }

        Assert.All(received, c => Assert.Equal(("dc1/lab", TwinKind.Host), (c.Key, c.Kind)));
        Assert.Equal([1L, 2L], received.Select(c => c.Version).ToArray());
        Assert.Equal(["created"], received[0].Changed);
        Assert.Contains("health", received[1].Changed);
        Assert.Contains("metrics", received[1].Changed);
    }
}
