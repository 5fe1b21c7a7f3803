namespace Turtle.Failover.Tests;

/// <summary>Hand-made reports and health for the unit tests: dc1 and dc2 active, dc3 the observer, one silo each.</summary>
internal static class Reports
{
    public static readonly FailoverOptions Options = new() { Enabled = true };

    public static readonly DateTimeOffset Wall = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>A report of silo <c>{dc}-a</c>; <paramref name="lost"/> lists the DCs it does not reach.</summary>
    public static VantageReport Of(string dc, long seq, string[]? lost = null, long leaseSeq = 0)
    {
        var reaches = Options.VotingDcs.Where(other => other != dc).ToDictionary(other => other, other => !(lost ?? []).Contains(other));
        return new VantageReport
        {
            Dc = dc,
            Silo = $"{dc}-a",
            Seq = seq,
            Reaches = reaches,
            HasMajority = 1 + reaches.Count(r => r.Value) >= Options.Majority,
            LeaseSeq = leaseSeq,
            Time = Wall,
        };
    }

    /// <summary>A DC's health whose vantage points in <paramref name="lostBy"/> have lost it (the rest see it).</summary>
    public static DcHealth Health(string dc, DcHealthState state, params string[] lostBy) =>
        new(dc, state, Wall, Options.VotingDcs.Select(from => new VantageView(from, lostBy.Contains(from) ? VantageVerdict.Lost : VantageVerdict.Sees)).ToList());

    public static IReadOnlyList<DcHealth> AllUp() =>
        Options.VotingDcs.Select(dc => Health(dc, DcHealthState.Up)).ToList();

    /// <summary>All DCs up but <paramref name="changed"/>.</summary>
    public static IReadOnlyList<DcHealth> With(params DcHealth[] changed) =>
        Options.VotingDcs.Select(dc => changed.FirstOrDefault(h => h.Dc == dc) ?? Health(dc, DcHealthState.Up)).ToList();
}
