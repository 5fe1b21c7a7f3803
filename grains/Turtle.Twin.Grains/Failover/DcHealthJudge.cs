namespace Turtle.Twin.Failover;

/// <summary>
/// Judges each voting DC from three vantage points: the DC itself (are its silos reporting?) and every other DC
/// (does it reach the DC?). One vantage point losing a DC is a suspected partition; Down needs two, continuously for
/// <see cref="FailoverOptions.DownAfter"/>. Ages are measured on the judge's own monotonic clock from the moment it
/// saw a report's sequence number change, never from the reporter's wall clock.
/// </summary>
public sealed class DcHealthJudge(FailoverOptions options)
{
    private readonly Dictionary<string, Sighting> _sightings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tracked> _tracked = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes in the reports as read now (<paramref name="now"/> on the judge's monotonic clock).</summary>
    public void Observe(IEnumerable<VantageReport> reports, TimeSpan now)
    {
        foreach (var report in reports)
        {
            if (_sightings.TryGetValue(report.Silo, out var known) && known.Report.Seq == report.Seq)
            {
                continue;
            }

            // A new silo or a new report. A judge that has just started sees every report as new: it may take a dead
            // DC for alive for one stale window, never the other way round. The same goes for the lease: it runs from
            // the report the silo names (LeaseSeq); unless this judge saw that very report, it counts it as seen now.
            var restarted = known is null || report.Seq <= known.Report.Seq;
            // A silo that holds no lease (LeaseSeq 0) keeps an older sighting's time: that only makes the judge wait longer.
            var (majoritySince, majoritySeq) =
                report.HasMajority ? (now, report.Seq)
                : report.LeaseSeq == 0 ? (known?.MajoritySeenAt, 0L)
                : !restarted && known!.MajoritySeq >= report.LeaseSeq ? (known.MajoritySeenAt, known.MajoritySeq)
                : (now, report.LeaseSeq);
            _sightings[report.Silo] = new Sighting(report, now, majoritySince, majoritySeq);
        }
    }

    /// <summary>Each voting DC's health now; <paramref name="wallNow"/> only dates state changes for people.</summary>
    public IReadOnlyList<DcHealth> Judge(TimeSpan now, DateTimeOffset wallNow) =>
        options.VotingDcs.Select(dc => JudgeOne(dc, now, wallNow)).ToList();

    /// <summary>
    /// Whether every silo of <paramref name="dc"/> has stopped writing: none has reported a majority for the lease
    /// plus the margin, so each one's own lease (counted from before it reported) has run out.
    /// </summary>
    public bool LeaseExpired(string dc, TimeSpan now) =>
        FreshOrNot(dc).All(s => s.MajoritySeenAt is not { } seen || now - seen >= options.LeaseDuration + options.LeaseMargin);

    private DcHealth JudgeOne(string dc, TimeSpan now, DateTimeOffset wallNow)
    {
        var vantages = options.VotingDcs.Select(from => View(from, dc, now)).ToList();
        var lost = vantages.Count(v => v.Verdict == VantageVerdict.Lost);
        var tracked = _tracked.TryGetValue(dc, out var t) ? t : _tracked[dc] = new Tracked(wallNow);
        tracked.LostSince = lost >= 2 ? tracked.LostSince ?? now : null;

        var state = lost >= 2 && now - tracked.LostSince >= options.DownAfter ? DcHealthState.Down
            : lost >= 1 ? DcHealthState.SuspectedPartition
            : vantages.Any(v => v.Verdict == VantageVerdict.Silent) || !AllSilosAlive(dc, now) ? DcHealthState.Degraded
            : DcHealthState.Up;
        if (state != tracked.State)
        {
            tracked.State = state;
            tracked.Since = wallNow;
        }

        return new DcHealth(dc, state, tracked.Since, vantages);
    }

    /// <summary>What <paramref name="from"/> says of <paramref name="dc"/>: any fresh report that reaches it is enough to see it.</summary>
    private VantageView View(string from, string dc, TimeSpan now)
    {
        var fresh = Fresh(from, now).ToList();
        if (fresh.Count == 0)
        {
            // Its own silos silent: the DC's own vantage point has lost it. Another DC silent: it says nothing.
            return new VantageView(from, Same(from, dc) ? VantageVerdict.Lost : VantageVerdict.Silent);
        }

        var newest = fresh.MinBy(s => now - s.SeenAt)!;
        var age = (now - newest.SeenAt).TotalSeconds;
        if (Same(from, dc))
        {
            return new VantageView(from, VantageVerdict.Sees, newest.Report.Silo, age);
        }

        var seeing = fresh.FirstOrDefault(s => s.Report.Reaches.TryGetValue(dc, out var reaches) && reaches);
        return seeing is not null
            ? new VantageView(from, VantageVerdict.Sees, seeing.Report.Silo, (now - seeing.SeenAt).TotalSeconds)
            : new VantageView(from, VantageVerdict.Lost, newest.Report.Silo, age);
    }

    private bool AllSilosAlive(string dc, TimeSpan now) => Fresh(dc, now).All(s => s.Report.SilosAlive >= s.Report.SilosKnown);

    private IEnumerable<Sighting> Fresh(string dc, TimeSpan now) =>
        FreshOrNot(dc).Where(s => now - s.SeenAt < options.ReportStaleAfter);

    private IEnumerable<Sighting> FreshOrNot(string dc) => _sightings.Values.Where(s => Same(s.Report.Dc, dc));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed record Sighting(VantageReport Report, TimeSpan SeenAt, TimeSpan? MajoritySeenAt, long MajoritySeq);

    private sealed class Tracked(DateTimeOffset since)
    {
        public DcHealthState State { get; set; } = DcHealthState.Up;

        public DateTimeOffset Since { get; set; } = since;

        public TimeSpan? LostSince { get; set; }
    }
}
