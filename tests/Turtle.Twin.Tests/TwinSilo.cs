using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.History;
using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime.History;
using Turtle.Actors.Testing;
using Turtle.Twin.Changes;
using Turtle.Twin.Hosts;
using Turtle.Twin.Observations;

namespace Turtle.Twin.Tests;

/// <summary>A test silo hosting the twin grains on a manual clock, with memory storage, history and the local change feed.</summary>
internal static class TwinSilo
{
    public static Task<TestSilo> StartAsync(Action<TwinOptions>? configure = null) =>
        TestSilo.StartAsync(new TestSiloOptions
        {
            // Late enough that samples are inside history's accepted window relative to the manual clock.
            ConfigureSilo = silo => silo.AddMemoryHistory().UseMemoryReminders(),
            ConfigureServices = services =>
            {
                services.AddOptions<TwinOptions>().Configure(o => configure?.Invoke(o));
                services.AddSingleton<LocalChangeFeed>();
                services.AddHostedService(sp => sp.GetRequiredService<LocalChangeFeed>());
            },
        }, typeof(HostGrain).Assembly);

    public static IHistoryStore History(this TestSilo silo) => silo.Services.GetRequiredService<IHistoryStore>();

    public static LocalChangeFeed Changes(this TestSilo silo) => silo.Services.GetRequiredService<LocalChangeFeed>();

    public static IHostGrain Host(this TestSilo silo, string key) => silo.GrainFactory.GetGrain<IHostGrain>(key);

    /// <summary>A minimal valid batch for <paramref name="host"/> (dc1) at the silo's now, with the given CPU.</summary>
    public static Observation Batch(this TestSilo silo, long seq, double cpu = 10, string host = "lab", string collector = "lab-agent", double interval = 5) => new()
    {
        Collector = collector,
        Seq = seq,
        Dc = "dc1",
        Host = host,
        Time = silo.Time!.GetUtcNow(),
        Interval = interval,
        Metrics = new HostMetrics { Cpu = new CpuMetrics(cpu), Memory = new MemoryMetrics(1000, 600) },
    };

    public static async Task Eventually(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(10);
        }
    }
}
