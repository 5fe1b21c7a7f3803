using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Hosting;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage;
using Turtle.Actors.TestGrains;
using Turtle.Actors.Testing;
using Turtle.Actors.Testing.Cluster;
using Turtle.Actors.Testing.Faults;
using Turtle.Silo.Failover;
using Turtle.Silo.Twin;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// An in-process cluster of three DCs (dc1-a, dc1-b, dc2-a, dc2-b, dc3-a observer): real silos over loopback TCP
/// through the fault-injecting transport, one shared in-memory store (records and fence) that each silo reaches
/// through its own faulty view, failover wired as the silo host wires it (<see cref="FailoverHostingExtensions.AddFailover"/>,
/// DC-affine placement), each silo on its own manual clock that the harness advances in steps of
/// <see cref="Step"/>, waiting for quiescence after each.
/// </summary>
public sealed class ClusterWorld : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the supervisor (systemd, say) waits before restarting a silo the cluster declared dead.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    private static readonly DateTimeOffset Origin = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan QuiescenceBound = TimeSpan.FromMilliseconds(40);

    private readonly Dictionary<string, SiloSlot> _slots;
    private TestCluster _cluster = null!;

    private ClusterWorld(int seed)
    {
        _slots = Simulation.Schedule.Silos.ToDictionary(name => name, name => new SiloSlot(name, name[..3], name.StartsWith("dc3", StringComparison.Ordinal)));
        Faults = new TransportFaults(name => _slots[name].Clock ?? (TimeProvider)TimeProvider.System, seed);
    }

    /// <summary>Settings every silo gets (failover on, calls time out like a collector's request would, production's membership timings).</summary>
    public static Dictionary<string, string?> Settings { get; } = new()
    {
        ["Turtle:Failover:Enabled"] = "true",
        ["Turtle:Failover:RecoveryHysteresis"] = "00:00:10",
        ["Turtle:Messaging:ResponseTimeout"] = "00:00:05",
        // Production's membership timings, not the test cluster's faster ones: the time to promotion and the
        // membership lease's takeover delay are measured as they are in a deployment.
        ["Turtle:Membership:TableRefreshInterval"] = "00:00:01",
        ["Turtle:Membership:LeaseDuration"] = "00:00:03",
    };

    public TransportFaults Faults { get; }

    /// <summary>The writers of the run, once there are some.</summary>
    public ClusterWriters? Writers { get; set; }

    public MemoryGrainStore Store { get; } = new();

    /// <summary>True time since the world started.</summary>
    public TimeSpan Now { get; private set; }

    public IReadOnlyCollection<SiloSlot> Slots => _slots.Values;

    public SiloSlot Slot(string name) => _slots[name];

    public List<string> Trace { get; } = [];

    public void Log(string text)
    {
        lock (Trace)
        {
            Trace.Add($"{Now.TotalSeconds,6:0.0}s {text}");
        }
    }

    public static async Task<ClusterWorld> StartAsync(int seed)
    {
        var world = new ClusterWorld(seed);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        world._cluster = await TestCluster.StartAsync(0, new TestClusterOptions
        {
            Configuration = Settings,
            ConfigureSilo = silo =>
            {
                silo.AddGrainAssembly(typeof(FailoverGrain).Assembly);
                silo.AddGrainAssembly(typeof(TallyGrain).Assembly);
                silo.AddPlacementFilter(new DcAffinityPlacementFilter());
                silo.AddFailover(configuration);
                silo.Services.AddKeyedSingleton<IGrainStorage>("Default", (sp, _) => world.StorageFor(sp));
                silo.Services.AddKeyedSingleton<IStorageFence>("Default", (sp, _) => (IStorageFence)sp.GetRequiredKeyedService<IGrainStorage>("Default"));
            },
            MembershipTable = (sp, table) => world.MembershipFor(sp, table),
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(sp => world.NewClock(NameOf(sp)));
                services.AddSingleton<ITransportFaults>(world.Faults);
            },
        });

        foreach (var slot in world._slots.Values)
        {
            world.Start(slot);
        }

        return world;
    }

    /// <summary>Steps until every silo is up and every silo of an active DC may write, within <paramref name="bound"/> of true time.</summary>
    public async Task<bool> SettleAsync(TimeSpan bound, Func<bool>? alsoUntil = null)
    {
        var until = Now + bound;
        while (Now < until)
        {
            await StepAsync();
            if (_slots.Values.All(s => s.IsUp && (s.Observer || s.CanWrite())) && (alsoUntil?.Invoke() ?? true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One step of true time: every running, unpaused silo's clock moves (at its rate), then the process runs quiet.</summary>
    public async Task StepAsync()
    {
        Now += Step;
        foreach (var slot in _slots.Values.Where(s => s.Silo is not null && s.Clock is not null && (s.IsUp || s.Starting is not null)))
        {
            var delta = Step * slot.Rate;
            if (Faults.IsPaused(slot.Name))
            {
                slot.Owed += delta;
            }
            else
            {
                slot.Clock!.Advance(delta);
            }
        }

        await Quiescence.WaitAsync(QuiescenceBound);
        Supervise();
    }

    public async Task KillAsync(string name)
    {
        var slot = _slots[name];
        slot.KilledOnPurpose = true;
        slot.RestartAt = null;
        if (slot.Silo is { IsRunning: true } silo)
        {
            await _cluster.KillSiloAsync(silo, declareDead: false);
        }
    }

    /// <summary>Restarts a silo the schedule killed (a no-op when it runs).</summary>
    public void Revive(string name)
    {
        var slot = _slots[name];
        slot.KilledOnPurpose = false;
        if (slot.Silo is not { IsRunning: true } && slot.Starting is null)
        {
            Start(slot);
        }
    }

    public void Pause(string name) => Faults.Pause(name);

    /// <summary>Resumes a paused silo: what it held goes on, and its clock catches up at once, firing every overdue timer.</summary>
    public void Resume(string name)
    {
        var slot = _slots[name];
        Faults.Resume(name);
        if (slot.Owed > TimeSpan.Zero && slot.Clock is { } clock)
        {
            clock.Advance(slot.Owed);
        }

        slot.Owed = TimeSpan.Zero;
    }

    /// <summary>Heals every fault and restarts every silo that is down.</summary>
    public void HealAll()
    {
        foreach (var slot in _slots.Values.Where(s => Faults.IsPaused(s.Name)))
        {
            Resume(slot.Name);
        }

        Faults.HealAll();
        foreach (var slot in _slots.Values)
        {
            slot.Rate = 1.0;
            Revive(slot.Name);
        }
    }

    /// <summary>A silo the cluster declared dead (it stopped itself) comes back after <see cref="RestartDelay"/>, as under systemd.</summary>
    private void Supervise()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Starting is { IsCompleted: true } starting)
            {
                slot.Starting = null;
                if (starting.IsFaulted)
                {
                    Log($"{slot} failed to start: {starting.Exception?.GetBaseException().Message}");
                    slot.RestartAt = Now + RestartDelay;
                }
            }

            if (slot.Starting is not null || slot.KilledOnPurpose || slot.Silo is not { IsRunning: false })
            {
                continue;
            }

            if (slot.RestartAt is null)
            {
                Log($"{slot} stopped: the cluster declared it dead");
                slot.RestartAt = Now + RestartDelay;
            }
            else if (Now >= slot.RestartAt)
            {
                Start(slot);
            }
        }
    }

    private void Start(SiloSlot slot)
    {
        slot.RestartAt = null;
        slot.Owed = TimeSpan.Zero;
        slot.Incarnation++;
        var previous = slot.Silo;
        Log($"{slot} starting");
        slot.Starting = Task.Run(async () =>
        {
            var silo = previous is null
                ? await _cluster.StartSiloAsync(new Dictionary<string, string?>
                {
                    ["Turtle:SiloName"] = slot.Name,
                    ["Turtle:Dc"] = slot.Dc,
                    ["Turtle:Role"] = slot.Observer ? "observer" : "active",
                })
                : await _cluster.RestartSiloAsync(previous, waitForMembership: false);
            slot.Silo = silo;
            Faults.Register(slot.Name, slot.Dc, silo.Address.Port);
        });
    }

    private ManualTimeProvider NewClock(string name)
    {
        var slot = _slots[name];
        // A new process: a new monotonic origin, the wall clock where true time is.
        slot.Clock = new ManualTimeProvider(Origin + Now);
        return slot.Clock;
    }

    private FaultyGrainStorage StorageFor(IServiceProvider services)
    {
        var slot = _slots[NameOf(services)];
        var view = new MemoryGrainStorage(services.GetRequiredService<IStorageEpoch>(), Store);
        return new FaultyGrainStorage(view, view, Faults, slot.Name, IsDead(slot));
    }

    // The membership table is in the store too: a silo cut from storage cannot reach it either.
    private FaultyMembershipTable MembershipFor(IServiceProvider services, IMembershipTable table)
    {
        var slot = _slots[NameOf(services)];
        return new FaultyMembershipTable(table, Faults, slot.Name, IsDead(slot));
    }

    /// <summary>Whether the incarnation starting now has died since (killed, or declared dead and stopped, or succeeded).</summary>
    private static Func<bool> IsDead(SiloSlot slot)
    {
        var incarnation = slot.Incarnation;
        return () => slot.Incarnation != incarnation || (slot.Starting is null && slot.Silo is { IsRunning: false });
    }

    private static string NameOf(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()["Turtle:SiloName"] ?? throw new InvalidOperationException("A harness silo has no name.");

    public async ValueTask DisposeAsync()
    {
        HealAll();
        foreach (var slot in _slots.Values)
        {
            if (slot.Starting is { } starting)
            {
                await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(10)));
            }

            // Killed, not stopped: a graceful stop would wait on clocks nobody advances any more.
            if (slot.Silo is { IsRunning: true } silo)
            {
                await _cluster.KillSiloAsync(silo, declareDead: false);
            }
        }
    }
}
