using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests.Cluster;

public class ChaosTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_kill_and_restart_rounds_under_load_leave_no_duplicates_no_hung_calls_and_only_clear_failures()
    {
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(3, new TestClusterOptions
        {
            Configuration = { ["Turtle:Messaging:ResponseTimeout"] = "00:00:05" },
            ConfigureServices = s => s.AddSingleton(probe),
        }, typeof(TestProbe).Assembly);
        var caller = cluster.Silos[0];
        var keys = Enumerable.Range(0, 200).Select(i => $"chaos-{i}").ToArray();
        var random = new Random(20261122);
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        long succeeded = 0, slowest = 0;

        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 1_000_000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await caller.GrainFactory.GetGrain<ILifecycleGrain>(keys[(worker * 31 + i) % keys.Length]).Ping();
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception exception)
                {
                    failures.Add(exception);
                }

                var elapsed = Stopwatch.GetElapsedTime(started).Ticks;
                long seen;
                while (elapsed > (seen = Interlocked.Read(ref slowest)) && Interlocked.CompareExchange(ref slowest, elapsed, seen) != seen)
                {
                }
            }
        })).ToArray();

        for (var round = 0; round < 20; round++)
        {
            var victims = cluster.Silos.Where(s => s != caller).ToList();
            await cluster.KillSiloAsync(victims[random.Next(victims.Count)]);
            await Task.Delay(100);
            await cluster.StartSiloAsync();
            await Task.Delay(100);
        }

        stop.Cancel();
        await Task.WhenAll(load);

        // Settled: every grain answers, and no grain is active on two running silos.
        foreach (var key in keys)
        {
            await caller.GrainFactory.GetGrain<ILifecycleGrain>(key).Ping();
        }

        var duplicates = cluster.Silos
            .SelectMany(s => s.Services.GetRequiredService<ActivationCatalog>().Activations.Where(a => !a.IsObserver).Select(a => a.GrainId))
            .GroupBy(id => id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key.ToString())
            .ToList();
        output.WriteLine($"calls succeeded {succeeded}, failed {failures.Count} " +
                         $"({string.Join(", ", failures.GroupBy(f => f.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}), slowest {TimeSpan.FromTicks(slowest).TotalMilliseconds:0} ms, " +
                         $"duplicates {duplicates.Count}");
        Assert.Empty(duplicates);
        Assert.True(succeeded > 1_000, $"only {succeeded} calls succeeded");
        Assert.True(TimeSpan.FromTicks(slowest) < TimeSpan.FromSeconds(7), $"a call took {TimeSpan.FromTicks(slowest)}, past its 5 s deadline");
        var unclear = failures.Where(f => f is not (ConnectionLostException or SiloUnavailableException or TimeoutException)).ToList();
        Assert.True(unclear.Count == 0, string.Join("\n", unclear.Take(5).Select(e => e.ToString())));
    }
}
