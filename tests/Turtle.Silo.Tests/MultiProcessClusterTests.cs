using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Turtle.Actors;
using Turtle.Actors.Client;
using Turtle.Actors.Configuration;
using Turtle.Actors.Networking;
using Turtle.Actors.TestGrains;
using Turtle.Actors.Testing.Postgres;
using Xunit.Abstractions;

namespace Turtle.Silo.Tests;

/// <summary>Three silo processes on one real PostgreSQL: kill -9 one under load and count what was lost.</summary>
public class MultiProcessClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_silo_processes_survive_a_kill_9_under_load_without_losing_acknowledged_writes()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = database.ConnectionString,
            ["Turtle__ClusterId"] = "multi-process",
            ["Turtle__GrainAssemblies__0"] = Path.Combine(AppContext.BaseDirectory, "Turtle.Actors.TestGrains.dll"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(environment)).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(60))));
            await WaitForAsync(async () => (await ActiveSilos(silos[0])).Count == 3, TimeSpan.FromSeconds(30), "three active silos");

            await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
            {
                ClusterId = "multi-process",
                Gateways = silos.Select(s => $"127.0.0.1:{s.GatewayPort}").ToList(),
                ResponseTimeout = TimeSpan.FromSeconds(5),
            });
            var keys = Enumerable.Range(0, 60).Select(i => $"tally-{i}").ToArray();
            var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
            var failures = new ConcurrentBag<Exception>();
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
                {
                    var key = keys[(worker * 7 + n) % keys.Length];
                    var entry = $"{worker}-{n}";
                    try
                    {
                        await client.GetGrain<ITallyGrain>(key).Add(entry, 1);
                        acknowledged.GetOrAdd(key, _ => []).Add(entry);
                    }
                    catch (Exception exception)
                    {
                        failures.Add(exception);
                        await Task.Delay(20);
                    }
                }
            })).ToArray();

            // Under load before the kill, and again after recovery: measured in acknowledged writes, not in sleeps.
            int Acknowledged() => acknowledged.Values.Sum(b => b.Count);
            await WaitForAsync(() => Task.FromResult(Acknowledged() >= 500), TimeSpan.FromSeconds(30), "500 acknowledged writes before the kill");
            var victim = silos[2];
            var killedAt = Stopwatch.StartNew();
            victim.KillHard();

            await WaitForAsync(async () => (await SiloRows(silos[0])).Any(r => r.Port == victim.SiloPort && r.Status == "Dead"),
                TimeSpan.FromSeconds(10), "the victim's death in the membership table");
            var detection = killedAt.Elapsed;

            var victimsGrainsBack = await WaitForAllAsync(keys, key => client.GetGrain<ITallyGrain>(key).Get(), TimeSpan.FromSeconds(20));
            var recovery = killedAt.Elapsed;

            var afterRecovery = Acknowledged();
            await WaitForAsync(() => Task.FromResult(Acknowledged() >= afterRecovery + 500), TimeSpan.FromSeconds(30), "500 more acknowledged writes after recovery");
            stop.Cancel();
            await Task.WhenAll(load);

            // Every acknowledged write is in the grain's state, wherever the grain lives now.
            var lost = 0;
            foreach (var key in keys)
            {
                var state = await client.GetGrain<ITallyGrain>(key).Get();
                var stored = state.Entries.ToHashSet();
                lost += acknowledged.GetValueOrDefault(key, []).Count(e => !stored.Contains(e));
            }

            victim.Restart();
            await victim.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await WaitForAsync(async () => (await ActiveSilos(silos[0])).Any(r => r.Port == victim.SiloPort), TimeSpan.FromSeconds(10),
                "the restarted silo to rejoin");
            var rows = await SiloRows(silos[0]);
            var generations = rows.Where(r => r.Port == victim.SiloPort).ToList();

            output.WriteLine($"acknowledged writes {acknowledged.Values.Sum(b => b.Count)}, lost {lost}, failed calls {failures.Count} " +
                             $"({string.Join(", ", failures.GroupBy(f => f.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}); " +
                             $"death recorded after {detection.TotalSeconds:0.00} s, all grains answering after {recovery.TotalSeconds:0.00} s");

            Assert.Equal(0, lost);
            Assert.True(detection <= TimeSpan.FromSeconds(5), $"death recorded after {detection.TotalSeconds:0.00} s (limit 5 s)");
            Assert.True(recovery <= TimeSpan.FromSeconds(10), $"grains answered from survivors after {recovery.TotalSeconds:0.00} s (limit 10 s)");
            Assert.True(victimsGrainsBack);
            Assert.Contains(generations, r => r.Status == "Dead");
            Assert.Contains(generations, r => r.Status == "Active");
            Assert.Equal(2, generations.Select(r => r.Address).Distinct().Count());
            Assert.All(failures, f => Assert.True(f is ConnectionLostException or SiloUnavailableException or TimeoutException, f.ToString()));
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private sealed record SiloRow(string Address, int Port, string Status);

    private static async Task<List<SiloRow>> SiloRows(SiloProcess silo)
    {
        var json = await silo.Http.GetFromJsonAsync<JsonElement>("/api/v1/cluster/silos");
        return json.EnumerateArray().Select(e =>
        {
            var address = e.GetProperty("address").GetString()!;
            var port = int.Parse(address.Split(':')[1].Split('@')[0], System.Globalization.CultureInfo.InvariantCulture);
            return new SiloRow(address, port, e.GetProperty("status").GetString()!);
        }).ToList();
    }

    private static async Task<List<SiloRow>> ActiveSilos(SiloProcess silo) => (await SiloRows(silo)).Where(r => r.Status == "Active").ToList();

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Waited {timeout} for {what}.");
    }

    private static async Task<bool> WaitForAllAsync(IEnumerable<string> keys, Func<string, Task> call, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var key in keys)
        {
            while (true)
            {
                try
                {
                    await call(key);
                    break;
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }

        return true;
    }
}
