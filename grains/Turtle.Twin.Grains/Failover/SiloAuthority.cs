namespace Turtle.Twin.Failover;

/// <summary>
/// One silo's right to write twins: it holds a write lease while its reports of reaching a majority of DCs get
/// published, and it follows the failover status (a failed DC's silos host nothing; the observer DC's silos only
/// while it is promoted). The lease is counted on the silo's own monotonic clock from the moment it took the report,
/// before publishing it, so it always runs out before the judge (which counts from when it saw the report, plus a
/// margin) lets anyone take over: the silo stops writing first.
/// </summary>
public sealed class SiloAuthority(FailoverOptions options, string dc, bool observer)
{
    private TimeSpan? _leaseUntil;
    private long _leaseSeq;
    private long _seq;

    public string Dc => dc;

    public bool IsObserver => observer;

    /// <summary>The failover status this silo last learned (never an older epoch than one it has seen).</summary>
    public FailoverStatus Status { get; private set; } = new();

    /// <summary>The epoch every write of this silo presents.</summary>
    public long Epoch => Status.Epoch;

    /// <summary>What this silo sees, ready to publish. <paramref name="reaches"/>: every other voting DC and whether any of its silos answers.</summary>
    public VantageReport Report(string silo, IReadOnlyDictionary<string, bool> reaches, int silosAlive, int silosKnown, DateTimeOffset wallNow)
    {
        var dcsSeen = 1 + options.VotingDcs.Count(other => !Same(other, dc) && reaches.TryGetValue(other, out var r) && r);
        return new VantageReport
        {
            Dc = dc,
            Silo = silo,
            Seq = ++_seq,
            Reaches = reaches,
            HasMajority = dcsSeen >= options.Majority,
            LeaseSeq = _leaseSeq,
            SilosAlive = silosAlive,
            SilosKnown = silosKnown,
            Time = wallNow,
        };
    }

    /// <summary>The report taken at <paramref name="takenAt"/> is in the store: a majority report extends the lease.</summary>
    public void Published(VantageReport report, TimeSpan takenAt)
    {
        if (report.HasMajority && (_leaseUntil is not { } until || takenAt + options.LeaseDuration > until))
        {
            _leaseUntil = takenAt + options.LeaseDuration;
            _leaseSeq = report.Seq;
        }
    }

    /// <summary>Takes a status read from the failover grain; an older epoch than the one known is ignored.</summary>
    public void Follow(FailoverStatus status)
    {
        if (status.Epoch >= Status.Epoch)
        {
            Status = status;
            Followed = true;
        }
    }

    /// <summary>Whether this silo has learned the status from the judge since it started; until then it writes nothing.</summary>
    public bool Followed { get; private set; }

    /// <summary>Whether this silo may host and write twins now, and if not, why.</summary>
    public bool CanWrite(TimeSpan now, out string reason)
    {
        if (!options.Enabled)
        {
            // Without the failover policy nothing is ever promoted: an observer only reads, an active silo always writes.
            reason = observer ? $"{dc} is a read-only observer DC" : "";
            return !observer;
        }

        reason = !Followed ? $"{dc}'s silo has not yet learned the failover status"
            : !Status.MayHost(dc, observer)
                ? observer ? $"{dc} is a read-only observer DC (not promoted)" : $"{dc} has failed over to other DCs (epoch {Status.Epoch})"
            : _leaseUntil is not { } until || now >= until ? $"{dc} cannot see a majority of DCs: its write lease has run out"
            : "";
        return reason.Length == 0;
    }

    /// <summary>
    /// Whether this silo may write a grain whose key names <paramref name="home"/> as its DC (null: a grain of no DC).
    /// An active DC's twins are written only in the DCs the status lets host them (none while their DC fails over
    /// or returns); the observer DC's own twins and grains of no DC, wherever this silo may write at all.
    /// </summary>
    public bool MayWrite(string? home, TimeSpan now, out string reason)
    {
        if (!CanWrite(now, out reason))
        {
            return false;
        }

        if (!options.Enabled || home is null || !options.EffectiveActiveDcs.Any(active => Same(active, home)))
        {
            return true;
        }

        var hosts = Status.HostDcs(home, options.EffectiveActiveDcs);
        if (hosts.Any(host => Same(host, dc)))
        {
            return true;
        }

        reason = hosts.Count == 0
            ? $"{home}'s twins have no host while {home} fails over (phase {Status.Phase}, epoch {Status.Epoch})"
            : $"{home}'s twins are hosted in {string.Join(" and ", hosts)} under epoch {Status.Epoch}";
        return false;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
