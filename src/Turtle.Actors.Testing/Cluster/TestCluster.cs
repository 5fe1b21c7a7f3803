using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Hosting;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Testing.Cluster;

/// <summary>
/// N real silos in the test process, talking over loopback TCP and running the real membership protocol over one
/// shared in-memory membership table, with a shared in-memory grain directory (Orleans' InProcessTestCluster).
/// Silos can be added, stopped gracefully, and killed: with the death written to the table at once, or left for the
/// others to detect by probing.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly InMemoryMembershipTable _table = new();
    private readonly LocalGrainDirectory _directory = new();
    private readonly List<TestClusterSilo> _silos = [];
    private readonly Assembly[] _grainAssemblies;
    private readonly TestClusterOptions _options;
    private int _started;

    private TestCluster(TestClusterOptions options, Assembly[] grainAssemblies)
    {
        _options = options;
        _grainAssemblies = grainAssemblies;
    }

    /// <summary>The silos still running.</summary>
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

    public IMembershipTable MembershipTable => _table;

    public static async Task<TestCluster> StartAsync(int silos, TestClusterOptions options, params Assembly[] grainAssemblies)
    {
        var cluster = new TestCluster(options, grainAssemblies);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync().ConfigureAwait(false);
        }

        await cluster.WaitForMembershipToSettleAsync().ConfigureAwait(false);
        return cluster;
    }

    /// <summary>Starts one more silo on free ports.</summary>
    public Task<TestClusterSilo> StartSiloAsync() => StartSiloAsync(siloPort: 0);

    /// <summary>Starts one more silo with settings of its own on top of the cluster's (for example <c>Turtle:Dc</c>).</summary>
    public Task<TestClusterSilo> StartSiloAsync(IReadOnlyDictionary<string, string?> configuration) => StartSiloAsync(0, configuration);

    /// <summary>
    /// Starts a stopped or killed silo again at its address, with the settings it was started with: a new incarnation
    /// with a newer generation. <paramref name="waitForMembership"/> false returns once it has started (a harness
    /// that drives the clock itself cannot wait for membership to settle here).
    /// </summary>
    public async Task<TestClusterSilo> RestartSiloAsync(TestClusterSilo silo, bool waitForMembership = true)
    {
        if (silo.IsRunning)
        {
            throw new InvalidOperationException($"Silo {silo} is running; stop or kill it first.");
        }

        var restarted = await StartSiloAsync(silo.Address.Port, silo.Configuration).ConfigureAwait(false);
        if (waitForMembership)
        {
            await WaitForMembershipToSettleAsync().ConfigureAwait(false);
        }

        return restarted;
    }

    private async Task<TestClusterSilo> StartSiloAsync(int siloPort, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration["Turtle:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Turtle:GatewayPort"] = "0";
        builder.Configuration["Turtle:SiloName"] = $"silo-{Interlocked.Increment(ref _started)}";
        // Deaths the cluster writes to the table reach every silo within a fifth of a second.
        builder.Configuration["Turtle:Membership:TableRefreshInterval"] = "00:00:00.200";
        // So a dead silo's grains are taken over 1.5 s after its death is read, not 3.5 s.
        builder.Configuration["Turtle:Membership:LeaseDuration"] = "00:00:01";
        foreach (var (key, value) in _options.Configuration.Concat(configuration ?? new Dictionary<string, string?>()))
        {
            builder.Configuration[key] = value;
        }

        var terminator = new TestSiloTerminator();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IGrainDirectory>(_directory);
        builder.Services.AddSingleton<ISiloTerminator>(terminator);
        builder.Services.AddTurtleSilo(silo =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseClusterTransport();
            silo.UseClusterMembership(sp => _options.MembershipTable?.Invoke(sp, _table) ?? _table);
            foreach (var assembly in _grainAssemblies)
            {
                silo.AddGrainAssembly(assembly);
            }

            _options.ConfigureSilo?.Invoke(silo);
        });
        _options.ConfigureServices?.Invoke(builder.Services);

        var host = builder.Build();
        var silo = new TestClusterSilo(host, configuration ?? new Dictionary<string, string?>());
        terminator.Silo = silo;
        await host.StartAsync().ConfigureAwait(false);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Stops a silo the graceful way: its grains deactivate and it leaves membership.</summary>
    public Task StopSiloAsync(TestClusterSilo silo) => silo.StopAsync();

    /// <summary>
    /// Kills a silo abruptly, the nearest an in-process cluster gets to kill -9: its transport and membership chores
    /// stop without a word and its grains are not deactivated. With <paramref name="declareDead"/> the death is
    /// written to the table at once and this waits until every silo has seen it; otherwise the survivors must
    /// detect it by probing.
    /// </summary>
    public async Task KillSiloAsync(TestClusterSilo silo, bool declareDead = true)
    {
        await silo.KillAsync().ConfigureAwait(false);
        if (declareDead)
        {
            await DeclareDeadAsync(silo.Address).ConfigureAwait(false);
            await WaitUntilAsync(() => Silos.All(s => s.Membership.IsDead(silo.Address)), $"every silo to see {silo} dead").ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every running silo sees every running silo Active.</summary>
    public Task WaitForMembershipToSettleAsync() =>
        WaitUntilAsync(() => Silos.All(s => Silos.All(other => s.Membership.ActiveSilos.Any(a => a.Address == other.Address))), "membership to settle");

    private async Task DeclareDeadAsync(SiloAddress silo)
    {
        while (true)
        {
            var snapshot = await _table.ReadAllAsync().ConfigureAwait(false);
            if (snapshot.Find(silo) is not { } row || row.Entry.Status == SiloMembershipStatus.Dead)
            {
                return;
            }

            if (await _table.UpdateRowAsync(row.Entry with { Status = SiloMembershipStatus.Dead }, row.ETag, snapshot.Version, snapshot.Version.Next())
                    .ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 30 s for {what}.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A silo the cluster declared dead stops as a killed process would.</summary>
    private sealed class TestSiloTerminator : ISiloTerminator
    {
        public TestClusterSilo? Silo { get; set; }

        public void Terminate(SiloAddress silo, string reason) => _ = Silo?.KillAsync();
    }
}

/// <summary>How <see cref="TestCluster"/> builds its silos.</summary>
public sealed class TestClusterOptions
{
    public Dictionary<string, string?> Configuration { get; init; } = [];

    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Wraps the shared membership table for one silo (for example to inject faults); null: the table as is.</summary>
    public Func<IServiceProvider, IMembershipTable, IMembershipTable>? MembershipTable { get; init; }
}
