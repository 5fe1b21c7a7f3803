namespace Turtle.Actors.Configuration;

/// <summary>
/// Failure detection and membership-table upkeep, bound from <c>Turtle:Membership</c> (for example
/// <c>Turtle__Membership__ProbeInterval=00:00:02</c>). The defaults detect a hard-killed silo in under 5 seconds;
/// docs/decisions/2026-11-22-failure-detection-timings.md derives the worst case and why they avoid false deaths.
/// </summary>
public sealed class ClusterMembershipOptions
{
    public const string SectionName = "Turtle:Membership";

    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromMilliseconds(750);
    public const int DefaultMissedProbesBeforeSuspecting = 2;
    public const int DefaultVotesNeededForDeath = 2;
    public const int DefaultProbedSiloCount = 3;
    public static readonly TimeSpan DefaultSuspicionWindow = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultTableRefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultIAmAliveInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultDefunctSiloExpiration = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultDefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultLeaseMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>How often each silo probes each silo it watches. <value>Default 1 second.</value></summary>
    public TimeSpan ProbeInterval { get; set; } = DefaultProbeInterval;

    /// <summary>A probe without an answer by then is a miss; must be shorter than <see cref="ProbeInterval"/>. <value>Default 750 milliseconds.</value></summary>
    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    /// <summary>Consecutive missed probes after which the watcher votes the target dead. <value>Default 2.</value></summary>
    public int MissedProbesBeforeSuspecting { get; set; } = DefaultMissedProbesBeforeSuspecting;

    /// <summary>
    /// Fresh votes (from different silos) that declare a silo dead; capped by the number of other active silos, so two
    /// silos can still evict each other. <value>Default 2.</value>
    /// </summary>
    public int VotesNeededForDeath { get; set; } = DefaultVotesNeededForDeath;

    /// <summary>How many other silos each silo watches (its successors in a ring ordered by address). <value>Default 3.</value></summary>
    public int ProbedSiloCount { get; set; } = DefaultProbedSiloCount;

    /// <summary>Votes older than this do not count. <value>Default 20 seconds.</value></summary>
    public TimeSpan SuspicionWindow { get; set; } = DefaultSuspicionWindow;

    /// <summary>How often each silo reads the whole table (and so learns of joins, leaves and deaths). <value>Default 1 second.</value></summary>
    public TimeSpan TableRefreshInterval { get; set; } = DefaultTableRefreshInterval;

    /// <summary>How often each silo writes its I-am-alive time (diagnostics and defunct-row cleanup, not failure detection). <value>Default 5 seconds.</value></summary>
    public TimeSpan IAmAliveInterval { get; set; } = DefaultIAmAliveInterval;

    /// <summary>A row that is not Active and has not written I-am-alive for this long is deleted. <value>Default 1 hour.</value></summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = DefaultDefunctSiloExpiration;

    /// <summary>How often each silo deletes defunct rows. <value>Default 10 minutes.</value></summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = DefaultDefunctSiloCleanupPeriod;

    /// <summary>
    /// How long a read of the table that showed this silo alive lets it write grain state: a silo that could not read
    /// the table for this long refuses writes until it reads it again, because the cluster may have declared it dead
    /// and placed its grains elsewhere. At least twice <see cref="TableRefreshInterval"/>, so one slow read costs
    /// nothing. <value>Default 3 seconds.</value>
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>
    /// Added to <see cref="LeaseDuration"/> before another silo takes a dead silo's grains over, for clocks that tick
    /// at slightly different rates and for a write already past the check. <value>Default 500 milliseconds.</value>
    /// </summary>
    public TimeSpan LeaseMargin { get; set; } = DefaultLeaseMargin;

    /// <summary>How long after learning of a silo's death this silo waits before activating that silo's grains.</summary>
    public TimeSpan TakeoverDelay => LeaseDuration + LeaseMargin;

    /// <summary>
    /// The longest a watcher takes to vote after its target stops answering: the target may die just after answering,
    /// then <see cref="MissedProbesBeforeSuspecting"/> probes are sent a <see cref="ProbeInterval"/> apart and the last
    /// one fails only at its <see cref="ProbeTimeout"/>.
    /// </summary>
    public TimeSpan SuspicionDelay => MissedProbesBeforeSuspecting * ProbeInterval + ProbeTimeout;
}
