using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime;

namespace Turtle.Actors.Testing;

/// <summary>
/// One real silo in the test process, with memory storage and (by default) a <see cref="ManualTimeProvider"/>.
/// <code>await using var silo = await TestSilo.StartAsync(typeof(MyGrain).Assembly);</code>
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host, ManualTimeProvider? time)
    {
        _host = host;
        Time = time;
    }

    /// <summary>The silo's clock when the silo was started with a manual clock; null with the system clock.</summary>
    public ManualTimeProvider? Time { get; }

    public IGrainFactory GrainFactory => Silo.GrainFactory;

    public Silo Silo => _host.Services.GetRequiredService<Silo>();

    public IServiceProvider Services => _host.Services;

    public static Task<TestSilo> StartAsync(params Assembly[] grainAssemblies) => StartAsync(new TestSiloOptions(), grainAssemblies);

    public static async Task<TestSilo> StartAsync(TestSiloOptions options, params Assembly[] grainAssemblies)
    {
        var time = options.UseManualClock ? new ManualTimeProvider() : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        foreach (var (key, value) in options.Configuration)
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }

        builder.Services.AddTurtleSilo(silo =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            foreach (var assembly in grainAssemblies)
            {
                silo.AddGrainAssembly(assembly);
            }

            options.ConfigureSilo?.Invoke(silo);
        });
        options.ConfigureServices?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new TestSilo(host, time);
    }

    /// <summary>Stops the silo the way a host shutdown does: every grain deactivates.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

/// <summary>How <see cref="TestSilo"/> builds its silo.</summary>
public sealed class TestSiloOptions
{
    /// <summary>Drive time by hand (default true). False uses the system clock, for benchmarks and soak tests.</summary>
    public bool UseManualClock { get; init; } = true;

    /// <summary>Configuration keys such as <c>Turtle:Grains:CollectionAge</c>.</summary>
    public Dictionary<string, string?> Configuration { get; init; } = [];

    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
