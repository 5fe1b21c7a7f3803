using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Hosting;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Testing.Cluster;

/// <summary>
/// N real silos in the test process, talking over loopback TCP, sharing a grain directory and membership (the
/// InProcessTestCluster of Orleans). Silos can be added, stopped gracefully, killed and restarted.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly SharedTestMembership _membership = new();
    private readonly LocalGrainDirectory _directory = new();
    private readonly List<TestClusterSilo> _silos = [];
    private readonly Assembly[] _grainAssemblies;
    private readonly TestClusterOptions _options;

    private TestCluster(TestClusterOptions options, Assembly[] grainAssemblies)
    {
        _options = options;
        _grainAssemblies = grainAssemblies;
    }

    public IReadOnlyList<TestClusterSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.Where(s => s.IsRunning).ToList();
            }
        }
    }

    public IGrainDirectory Directory => _directory;

    public static async Task<TestCluster> StartAsync(int silos, TestClusterOptions options, params Assembly[] grainAssemblies)
    {
        var cluster = new TestCluster(options, grainAssemblies);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync().ConfigureAwait(false);
        }

        return cluster;
    }

    public async Task<TestClusterSilo> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration["Turtle:SiloPort"] = "0";
        builder.Configuration["Turtle:GatewayPort"] = "0";
        builder.Configuration["Turtle:SiloName"] = $"silo-{_silos.Count}";
        foreach (var (key, value) in _options.Configuration)
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IGrainDirectory>(_directory);
        builder.Services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<LocalSiloAddress>();
            return _membership.ViewFor(local.Address, local.GatewayPort);
        });
        builder.Services.AddSingleton(sp => (ISiloLifecycleParticipant)sp.GetRequiredService<IClusterMembership>());
        builder.Services.AddTurtleSilo(silo =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseClusterTransport();
            foreach (var assembly in _grainAssemblies)
            {
                silo.AddGrainAssembly(assembly);
            }

            _options.ConfigureSilo?.Invoke(silo);
        });
        _options.ConfigureServices?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var silo = new TestClusterSilo(host);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Stops a silo the graceful way: its grains deactivate and it leaves membership.</summary>
    public async Task StopSiloAsync(TestClusterSilo silo)
    {
        await silo.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills a silo abruptly: its connections drop and membership declares it dead, without deactivating its grains
    /// (their state is what they last wrote). The nearest an in-process cluster gets to kill -9.
    /// </summary>
    public async Task KillSiloAsync(TestClusterSilo silo)
    {
        _membership.Detach(silo.Address);
        await silo.KillAsync().ConfigureAwait(false);
        _membership.Set(silo.Address, SiloMembershipStatus.Dead);
    }

    /// <summary>
    /// Sets a silo's membership status without touching the silo: a false suspicion (Dead while it runs) or its
    /// return (Active). For tests of what the cluster does when membership and reality disagree.
    /// </summary>
    public void OverrideStatus(TestClusterSilo silo, SiloMembershipStatus status) => _membership.Set(silo.Address, status);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.StopAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo(IHost host)
{
    private int _running = 1;

    public bool IsRunning => Volatile.Read(ref _running) == 1;

    public IServiceProvider Services => host.Services;

    public SiloAddress Address => host.Services.GetRequiredService<LocalSiloAddress>().Address;

    /// <summary>Where clients connect to this silo.</summary>
    public GatewayEndpoint Gateway => new(Address.Host, host.Services.GetRequiredService<LocalSiloAddress>().GatewayPort);

    public Silo Silo => host.Services.GetRequiredService<Silo>();

    public IGrainFactory GrainFactory => Silo.GrainFactory;

    internal async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _running, 0) == 1)
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
        }
    }

    internal async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _running, 0) == 1)
        {
            // Only the transport goes: no deactivation, no membership leave. The host is abandoned, as a dead process is.
            await host.Services.GetRequiredService<Turtle.Actors.Runtime.Messaging.SiloConnections>().DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => Address.ToString();
}

/// <summary>How <see cref="TestCluster"/> builds its silos.</summary>
public sealed class TestClusterOptions
{
    public Dictionary<string, string?> Configuration { get; init; } = [];

    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
