using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>One silo's membership in a <see cref="ProtocolCluster"/>, with what the test observes of it.</summary>
public sealed class TestMember
{
    private readonly List<MembershipSnapshot> _changes = [];

    internal TestMember(MembershipService service, RecordingTerminator terminator, SeverableTable table)
    {
        Service = service;
        Terminator = terminator;
        Table = table;
        service.Changed += snapshot =>
        {
            lock (_changes)
            {
                _changes.Add(snapshot);
            }
        };
    }

    public MembershipService Service { get; }

    public RecordingTerminator Terminator { get; }

    /// <summary>This silo's path to the shared table; sever it to cut the silo off from the table alone.</summary>
    public SeverableTable Table { get; }

    public SiloAddress Address => Service.LocalSilo;

    public IReadOnlyList<MembershipSnapshot> Changes
    {
        get
        {
            lock (_changes)
            {
                return _changes.ToList();
            }
        }
    }
}

/// <summary>
/// N membership services sharing one in-memory table, a fake network and a manual clock: the protocol without a
/// transport. Time moves only in <see cref="AdvanceAsync"/>, which waits after every step until no silo has
/// membership work in progress, so what a test asserts next has fully happened.
/// </summary>
public sealed class ProtocolCluster : IAsyncDisposable
{
    public const string ClusterId = "protocol-tests";

    private readonly List<TestMember> _members = [];

    public ProtocolCluster(ClusterMembershipOptions? options = null)
    {
        Options = options ?? new ClusterMembershipOptions();
        Clock = new StallableClock(Time);
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>What the silos use: <see cref="Time"/>, plus stalls a test can inject.</summary>
    public StallableClock Clock { get; }

    public InMemoryMembershipTable Table { get; } = new();

    public FakeNetwork Network { get; } = new();

    public ClusterMembershipOptions Options { get; }

    /// <summary>Where the silos log; silent unless a test wants to see the protocol at work.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    public IReadOnlyList<TestMember> Members => _members;

    public static async Task<ProtocolCluster> StartAsync(int silos, ClusterMembershipOptions? options = null)
    {
        var cluster = new ProtocolCluster(options);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync(11111 + i);
        }

        return cluster;
    }

    /// <summary>Starts a silo at 127.0.0.1:<paramref name="port"/> and, unless told otherwise, makes it Active.</summary>
    public async Task<TestMember> StartSiloAsync(int port, bool activate = true, long generation = 0)
    {
        var terminator = new RecordingTerminator();
        MembershipService? service = null;
        var template = new MembershipEntry
        {
            Address = new SiloAddress("127.0.0.1", port, generation),
            SiloName = $"silo-{port}",
            Dc = "dc1",
            GatewayPort = 30000 + port % 100,
            Status = SiloMembershipStatus.Joining,
            StartTime = default,
            IAmAliveTime = default,
        };
        var table = new SeverableTable(Table);
        service = new MembershipService(ClusterId, template, table, Network.ProberFor(() => service!.LocalSilo), Options, Clock,
            LoggerFactory, terminator);
        var member = new TestMember(service, terminator, table);
        _members.Add(member);
        await service.StartAsync();
        if (activate)
        {
            await service.BecomeActiveAsync();
        }

        return member;
    }

    /// <summary>Kills a silo the hard way: its process stops (no row change) and probes to it end as <paramref name="how"/>.</summary>
    public void Kill(TestMember member, Reachability how = Reachability.Refused)
    {
        member.Service.Dispose();
        Network.Set(member.Address, how);
    }

    /// <summary>Moves the clock by <paramref name="duration"/> in steps, letting the protocol settle after each.</summary>
    public async Task AdvanceAsync(TimeSpan duration, TimeSpan? step = null)
    {
        var stepSize = step ?? TimeSpan.FromMilliseconds(100);
        for (var moved = TimeSpan.Zero; moved < duration; moved += stepSize)
        {
            Step(stepSize <= duration - moved ? stepSize : duration - moved);
            await SettleAsync();
        }
    }

    /// <summary>Moves the clock in small steps until <paramref name="condition"/> holds; returns how much manual time that took.</summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var step = TimeSpan.FromMilliseconds(50);
        var moved = TimeSpan.Zero;
        while (!condition())
        {
            Assert.True(moved < limit, $"{what}: not within {limit} of manual time.");
            Step(step);
            moved += step;
            await SettleAsync();
        }

        return moved;
    }

    /// <summary>
    /// Advances the clock outside xunit's synchronization context: with one installed, continuations of tasks that
    /// timers complete are queued instead of run inline, and the protocol would settle after the test looked.
    /// </summary>
    public void Step(TimeSpan delta)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Time.Advance(delta);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public Task SettleAsync() =>
        TestProbe.WaitUntil(() => _members.All(m => m.Service.PendingWork == 0), TimeSpan.FromSeconds(10), "membership work to finish");

    public async Task<MembershipEntry> RowAsync(TestMember member) => (await Table.ReadAllAsync()).Find(member.Address)!.Value.Entry;

    /// <summary>The member's row status now; the in-memory table completes synchronously, so conditions can poll it.</summary>
    public SiloMembershipStatus StatusOf(TestMember member) => RowAsync(member).GetAwaiter().GetResult().Status;

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.Service.DisposeAsync();
        }
    }
}
