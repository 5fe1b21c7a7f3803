namespace Turtle.Twin.Failover;

/// <summary>Where the failover state machine stands.</summary>
public enum FailoverPhase
{
    /// <summary>Both active DCs hold their own twins; the observer DC only reads.</summary>
    Normal,

    /// <summary>An active DC is down; waiting for its write lease to run out before anyone takes over.</summary>
    DcDown,

    /// <summary>The observer DC is promoted: it and the surviving active DC host the failed DC's twins.</summary>
    Promoted,

    /// <summary>The failed DC is back; waiting out the hysteresis window before it takes its twins home.</summary>
    Recovering,

    /// <summary>
    /// The observer is demoted (new epoch) and the failed DC's twins are hosted nowhere while the silos that held them
    /// let go (they follow this status, or their lease runs out); then the DC takes them home (Normal).
    /// </summary>
    Returning,
}

/// <summary>One decision of the failover state machine, with the evidence it was taken on.</summary>
public sealed record FailoverDecision(
    DateTimeOffset Time, long Epoch, FailoverPhase From, FailoverPhase To, string Decision, string Evidence);

/// <summary>The failover state every silo follows: phase, epoch, which DC failed and which is promoted.</summary>
public sealed record FailoverStatus
{
    public FailoverPhase Phase { get; init; } = FailoverPhase.Normal;

    /// <summary>Raised by every change of authority (promotion, demotion); storage refuses writes of a lower epoch.</summary>
    public long Epoch { get; init; }

    /// <summary>The active DC that is down (or recovering) and must not host twins; null in <see cref="FailoverPhase.Normal"/>.</summary>
    public string? FailedDc { get; init; }

    /// <summary>The observer DC while it is promoted and hosts writable twins.</summary>
    public string? PromotedDc { get; init; }

    /// <summary>When the current phase began.</summary>
    public DateTimeOffset PhaseSince { get; init; }

    /// <summary>Each voting DC's judged health, in DC order.</summary>
    public IReadOnlyList<DcHealth> Dcs { get; init; } = [];

    /// <summary>The newest decisions, newest last.</summary>
    public IReadOnlyList<FailoverDecision> Decisions { get; init; } = [];

    /// <summary>
    /// The DCs whose silos may host the twins homed in <paramref name="home"/>: their own DC, unless it is the failed
    /// one; then the surviving active DCs and the promoted DC while it is promoted, and none before promotion
    /// (<see cref="FailoverPhase.DcDown"/>: the failed DC's lease may still be running) or while they go home
    /// (<see cref="FailoverPhase.Returning"/>: the silos that held them may still be writing).
    /// </summary>
    public IReadOnlyList<string> HostDcs(string home, IReadOnlyList<string> activeDcs) =>
        !string.Equals(home, FailedDc, StringComparison.OrdinalIgnoreCase) ? [home]
        : Phase is FailoverPhase.Promoted or FailoverPhase.Recovering && PromotedDc is { } promoted
            ? [.. activeDcs.Where(dc => !string.Equals(dc, FailedDc, StringComparison.OrdinalIgnoreCase)), promoted]
        : [];

    /// <summary>
    /// Whether silos of <paramref name="dc"/> may host writable grains in this state: not the failed DC's from the
    /// moment it is declared down until its twins are home again, the observer DC's only while it is promoted. (An
    /// active DC's twins are further narrowed by <see cref="HostDcs"/>.)
    /// </summary>
    public bool MayHost(string dc, bool observer) =>
        !string.Equals(dc, FailedDc, StringComparison.OrdinalIgnoreCase)
        && (!observer || string.Equals(dc, PromotedDc, StringComparison.OrdinalIgnoreCase));
}
