using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Testing;
using Turtle.Actors.Testing.Cluster;
using Turtle.Silo.Failover;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// One named silo of the harness (dc1-a, ...) across its incarnations: the running one, its own clock, and what the
/// schedule did to it (killed on purpose, clock rate). A supervisor restarts a silo the cluster declared dead.
/// </summary>
public sealed class SiloSlot(string name, string dc, bool observer)
{
    public string Name => name;

    public string Dc => dc;

    public bool Observer => observer;

    /// <summary>The current incarnation (null before the first start).</summary>
    public TestClusterSilo? Silo { get; set; }

    /// <summary>The current incarnation's clock; a killed incarnation's clock stops for good, so its timers never fire again.</summary>
    public ManualTimeProvider? Clock { get; set; }

    public int Incarnation { get; set; }

    /// <summary>The schedule killed it; it stays down until the schedule restarts it.</summary>
    public bool KilledOnPurpose { get; set; }

    /// <summary>When the supervisor restarts a silo the cluster declared dead (null: not waiting for one).</summary>
    public TimeSpan? RestartAt { get; set; }

    /// <summary>A restart in progress (the host starting).</summary>
    public Task? Starting { get; set; }

    /// <summary>How fast its clock runs against true time (clock skew).</summary>
    public double Rate { get; set; } = 1.0;

    /// <summary>Time its clock owes while paused: a paused process's monotonic clock runs on; its timers fire late, at once.</summary>
    public TimeSpan Owed { get; set; }

    public bool IsUp => Silo is { IsRunning: true } && Starting is null;

    /// <summary>
    /// Whether this silo's own gates let it write a grain of <paramref name="home"/> now, as its clock will read once it
    /// has caught up (a paused silo is judged as it will see itself when it resumes): its failover authority, and its
    /// membership lease.
    /// </summary>
    public bool CanWrite(string? home = null) => Silo is { IsRunning: true } silo
        && silo.Services.GetRequiredService<SiloAuthority>().MayWrite(home, silo.Services.GetRequiredService<FailoverClock>().Now + Owed, out _)
        && silo.Services.GetRequiredService<MembershipService>().LeaseRemaining > Owed;

    /// <summary>This silo's failover authority (its epoch and the status it follows); null while it is down.</summary>
    public SiloAuthority? Authority => Silo is { IsRunning: true } silo ? silo.Services.GetRequiredService<SiloAuthority>() : null;

    public override string ToString() => $"{name}#{Incarnation}";
}
