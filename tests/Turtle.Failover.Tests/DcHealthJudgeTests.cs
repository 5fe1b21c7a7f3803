using static Turtle.Failover.Tests.Reports;

namespace Turtle.Failover.Tests;

public class DcHealthJudgeTests
{
    /// <summary>Runs <paramref name="seconds"/> of once-a-second reports from every DC whose silo is alive, then judges.</summary>
    private static Dictionary<string, DcHealthState> Run(DcHealthJudge judge, int seconds, Func<string, int, string[]?> lost, Func<string, int, bool>? alive = null)
    {
        IReadOnlyList<DcHealth> health = [];
        for (var t = 0; t <= seconds; t++)
        {
            var reports = Options.VotingDcs.Where(dc => alive?.Invoke(dc, t) ?? true).Select(dc => Of(dc, t + 1, lost(dc, t)));
            judge.Observe(reports.ToList(), S(t));
            health = judge.Judge(S(t), Wall);
        }

        return health.ToDictionary(h => h.Dc, h => h.State);
    }

    [Theory]
    [InlineData("dc1", "dc2", "dc1 SuspectedPartition, dc2 SuspectedPartition, dc3 Up")]
    [InlineData("dc1", "dc3", "dc1 SuspectedPartition, dc2 Up, dc3 SuspectedPartition")]
    [InlineData("dc2", "dc3", "dc1 Up, dc2 SuspectedPartition, dc3 SuspectedPartition")]
    public void A_single_cut_link_is_a_suspected_partition_never_down(string a, string b, string expected)
    {
        var judge = new DcHealthJudge(Options);

        // Cut both ways for a minute: far longer than DownAfter.
        var states = Run(judge, 60, (dc, _) => dc == a ? [b] : dc == b ? [a] : null);

        Assert.Equal(expected, string.Join(", ", states.Select(s => $"{s.Key} {s.Value}")));
    }

    [Theory]
    // dc1's last report is at 9 s and dc2 loses it at 10 s; dc3 still sees it. Its own report is stale 3 s after
    // it was seen (two of three lost from 12 s), and Down only once that has lasted DownAfter (4 s): at 16 s.
    [InlineData(11, DcHealthState.SuspectedPartition)]
    [InlineData(12, DcHealthState.SuspectedPartition)]
    [InlineData(15, DcHealthState.SuspectedPartition)]
    [InlineData(16, DcHealthState.Down)]
    [InlineData(40, DcHealthState.Down)]
    public void A_silent_dc_that_one_other_dc_lost_is_down_only_after_the_window(int seconds, DcHealthState expected)
    {
        var judge = new DcHealthJudge(Options);

        var states = Run(judge, seconds, (dc, t) => dc == "dc2" && t >= 10 ? ["dc1"] : null, (dc, t) => dc != "dc1" || t < 10);

        Assert.Equal(expected, states["dc1"]);
    }

    [Theory]
    // dc2 and dc3 lose dc1 (which still reports) from 5 s, but dc3 sees it again at 8 s: the window restarts at 9 s.
    [InlineData(12, DcHealthState.SuspectedPartition)]
    [InlineData(13, DcHealthState.Down)]
    public void Corroboration_that_breaks_off_starts_the_window_again(int seconds, DcHealthState expected)
    {
        var judge = new DcHealthJudge(Options);

        var states = Run(judge, seconds, (dc, t) => dc == "dc2" && t >= 5 || dc == "dc3" && t >= 5 && t != 8 ? ["dc1"] : null);

        Assert.Equal(expected, states["dc1"]);
    }

    [Theory]
    [InlineData(6.9, false)]
    [InlineData(7.0, true)]
    public void A_lease_runs_out_for_the_judge_a_lease_and_its_margin_after_it_saw_the_last_majority_report(double at, bool expired)
    {
        var judge = new DcHealthJudge(Options);
        judge.Observe([Of("dc1", 1)], S(0));
        judge.Observe([Of("dc1", 2, ["dc2", "dc3"], leaseSeq: 1)], S(1));

        Assert.Equal(expired, judge.LeaseExpired("dc1", S(at)));
    }

    [Fact]
    public void A_fresh_judge_counts_the_lease_of_a_report_without_majority_from_now()
    {
        // The silo's lease runs from its majority report 7; its latest report (8) has lost the majority. A judge that
        // starts now never saw report 7: before LeaseSeq it took the silo for lease-less and could promote at once.
        var judge = new DcHealthJudge(Options);
        judge.Observe([Of("dc1", 8, ["dc2", "dc3"], leaseSeq: 7)], S(100));

        Assert.False(judge.LeaseExpired("dc1", S(106.9)));
        Assert.True(judge.LeaseExpired("dc1", S(107)));
    }

    [Fact]
    public void A_majority_report_the_judge_missed_renews_the_lease_when_it_learns_of_it()
    {
        var judge = new DcHealthJudge(Options);
        judge.Observe([Of("dc1", 1)], S(0));

        // Reports 2 (majority, published) and 3 (no majority) both came out before the judge's next read.
        judge.Observe([Of("dc1", 3, ["dc2", "dc3"], leaseSeq: 2)], S(1));

        Assert.False(judge.LeaseExpired("dc1", S(7.5)));
        Assert.True(judge.LeaseExpired("dc1", S(8)));
    }

    [Fact]
    public void A_silo_that_never_held_a_lease_does_not_hold_up_promotion()
    {
        var judge = new DcHealthJudge(Options);
        judge.Observe([Of("dc1", 1, ["dc2", "dc3"])], S(0));

        Assert.True(judge.LeaseExpired("dc1", S(0)));
    }
}
