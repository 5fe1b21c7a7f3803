namespace Turtle.Twin.Failover;

/// <summary>
/// The three-DC failover policy, bound from <c>Turtle:Failover</c>. The timers are ordered so that detection comes
/// before lease expiry and lease expiry before promotion: a DC that loses its majority stops writing
/// (<see cref="LeaseDuration"/> after its last majority report) before anyone may take over
/// (<see cref="LeaseDuration"/> + <see cref="LeaseMargin"/> after the judge last saw that report).
/// </summary>
public sealed class FailoverOptions
{
    public const string SectionName = "Turtle:Failover";

    /// <summary>Whether this cluster runs the failover policy (off for the embedded single silo). <value>Default false.</value></summary>
    public bool Enabled { get; set; }

    /// <summary>The DCs whose silos hold writable twins. <value>Default dc1, dc2.</value></summary>
    public List<string> ActiveDcs { get; set; } = [];

    /// <summary>The observer DC: a voter and read-only replica, promoted when an active DC is down. <value>Default dc3.</value></summary>
    public string ObserverDc { get; set; } = "dc3";

    /// <summary>How often each silo publishes what it sees, and the judge evaluates. <value>Default 1 second.</value></summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose report has not changed for this long says nothing (its DC's own vantage counts it lost). <value>Default 3 seconds.</value></summary>
    public TimeSpan ReportStaleAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long two of three vantage points must have lost a DC before it is Down. <value>Default 4 seconds.</value></summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a majority report lets a silo write; it stops writing when the lease runs out. <value>Default 6 seconds.</value></summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Added by the judge to a lease before promoting: clock-rate drift and a stalled judge. <value>Default 1 second.</value></summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a failed DC must be Up before it takes its twins home and the observer is demoted. <value>Default 30 seconds.</value></summary>
    public TimeSpan RecoveryHysteresis { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Decisions kept in the failover state (the log shown by the API and dashboard). <value>Default 200.</value></summary>
    public int DecisionsKept { get; set; } = 200;

    /// <summary>The active DCs in force: the configured ones, or dc1 and dc2 (the binder would append to a pre-filled list).</summary>
    public IReadOnlyList<string> EffectiveActiveDcs => ActiveDcs.Count > 0 ? ActiveDcs : ["dc1", "dc2"];

    /// <summary>Every voting DC: the active ones, then the observer.</summary>
    public IReadOnlyList<string> VotingDcs => [.. EffectiveActiveDcs, ObserverDc];

    /// <summary>How many DCs make a majority of the voters (2 of 3).</summary>
    public int Majority => VotingDcs.Count / 2 + 1;
}
