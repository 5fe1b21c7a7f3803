using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests;

public class ReminderTests
{
    [Fact]
    public async Task A_reminder_wakes_its_grain_after_deactivation_every_period_until_unregistered()
    {
        await using var silo = await Silos.StartAsync(configureSilo: s => s.UseMemoryReminders());
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>("sleeper");
        await grain.Start("wake", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        Assert.Equal(["wake"], await grain.Reminders());
        await grain.Deactivate();
        await TestProbe.WaitUntil(() => silo.Silo.ActivationCount == 0);

        silo.Time!.Advance(TimeSpan.FromMinutes(1));
        await TestProbe.WaitUntil(() => probe.Count("ticks sleeper") == 1, because: "the first tick is due after 1 minute");
        silo.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, probe.Count("ticks sleeper"));
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        await TestProbe.WaitUntil(() => probe.Count("ticks sleeper") == 2, because: "the second tick is due 5 minutes after the first");

        await grain.Stop("wake");
        silo.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(await grain.Reminders());
        Assert.Equal(2, probe.Count("ticks sleeper"));
    }

    [Fact]
    public async Task Reminders_survive_a_silo_restart()
    {
        var table = new MemoryReminderTable();
        var probe = new TestProbe();
        var first = await Silos.StartAsync(configureSilo: s => s.UseMemoryReminders(table), probe: probe);
        await first.GrainFactory.GetGrain<IReminderGrain>("durable").Start("r", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        await first.DisposeAsync();

        // A new silo process on the same table: the reminder is still there and fires on schedule.
        await using var second = await Silos.StartAsync(configureSilo: s => s.UseMemoryReminders(table), probe: probe);
        second.Time!.Advance(TimeSpan.FromMinutes(10));
        await TestProbe.WaitUntil(() => probe.Count("ticks durable") >= 1, because: "the restarted silo should fire the stored reminder");
    }

    [Fact]
    public async Task Reminders_that_are_too_frequent_are_refused_clearly()
    {
        await using var silo = await Silos.StartAsync(configureSilo: s => s.UseMemoryReminders());
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            silo.GrainFactory.GetGrain<IReminderGrain>("eager").Start("fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
        Assert.Contains("Turtle:Reminders:MinimumPeriod", error.Message);
    }

    [Fact]
    public async Task In_a_cluster_each_reminder_tick_fires_once_and_moves_with_a_dead_owner()
    {
        var probe = new TestProbe();
        var table = new MemoryReminderTable();
        await using var cluster = await TestCluster.StartAsync(3, new TestClusterOptions
        {
            Configuration = { ["Turtle:Reminders:MinimumPeriod"] = "00:00:00.100", ["Turtle:Reminders:RefreshPeriod"] = "00:00:00.200" },
            ConfigureServices = s => s.AddSingleton(probe),
            ConfigureSilo = s => s.UseMemoryReminders(table),
        }, typeof(TestProbe).Assembly);
        var keys = Enumerable.Range(0, 12).Select(i => $"r{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Silos[0].GrainFactory.GetGrain<IReminderGrain>(key).Start("beat", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        }

        await TestProbe.WaitUntil(() => keys.All(k => probe.Count($"ticks {k}") >= 3), TimeSpan.FromSeconds(10), "every reminder should tick");
        await cluster.KillSiloAsync(cluster.Silos[2]);
        var before = keys.ToDictionary(k => k, k => probe.Count($"ticks {k}"));
        await TestProbe.WaitUntil(() => keys.All(k => probe.Count($"ticks {k}") >= before[k] + 3), TimeSpan.FromSeconds(10), "reminders of the dead owner should move");

        // Each scheduled tick time was delivered once: no two silos fired the same tick.
        var ticks = probe.Log.Where(e => e.StartsWith("tick ", StringComparison.Ordinal)).ToList();
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
    }
}
