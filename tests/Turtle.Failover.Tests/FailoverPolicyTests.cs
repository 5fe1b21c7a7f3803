using static Turtle.Failover.Tests.Reports;

namespace Turtle.Failover.Tests;

public class FailoverPolicyTests
{
    private static readonly DcHealth Dc1Down = Health("dc1", DcHealthState.Down, "dc1", "dc2");

    private readonly FailoverPolicy _policy = new(Options);

    private FailoverTransition Step(FailoverStatus status, IReadOnlyList<DcHealth> health, double at, bool leaseExpired = true) =>
        _policy.Step(status, health, _ => leaseExpired, S(at), Wall + S(at));

    private static FailoverStatus Promoted => new() { Phase = FailoverPhase.Promoted, Epoch = 4, FailedDc = "dc1", PromotedDc = "dc3" };

    public static TheoryData<string, FailoverPhase, long> NormalCases => new()
    {
        { "all up", FailoverPhase.Normal, 0 },
        { "dc1 suspected", FailoverPhase.Normal, 0 },
        { "dc1 down", FailoverPhase.DcDown, 0 },
        { "dc1 and dc2 down", FailoverPhase.Normal, 0 },
        { "dc3 down", FailoverPhase.Normal, 0 },
    };

    [Theory]
    [MemberData(nameof(NormalCases))]
    public void In_normal_only_one_active_dc_down_starts_a_failover(string health, FailoverPhase expected, long epoch)
    {
        IReadOnlyList<DcHealth> dcs = health switch
        {
            "dc1 suspected" => With(Health("dc1", DcHealthState.SuspectedPartition, "dc2")),
            "dc1 down" => With(Dc1Down),
            "dc1 and dc2 down" => With(Dc1Down, Health("dc2", DcHealthState.Down, "dc2", "dc3")),
            "dc3 down" => With(Health("dc3", DcHealthState.Down, "dc1", "dc3")),
            _ => AllUp(),
        };

        var next = Step(new FailoverStatus(), dcs, 0).Status;

        Assert.Equal((expected, epoch), (next.Phase, next.Epoch));
        Assert.Null(next.PromotedDc);
    }

    public static TheoryData<string, bool, FailoverPhase, string> DcDownCases => new()
    {
        { "lease running", false, FailoverPhase.DcDown, "waiting for dc1's write lease to run out before anyone takes over" },
        { "observer down", true, FailoverPhase.DcDown, "cannot promote dc3: it is Down" },
        { "observer lost by dc2", true, FailoverPhase.DcDown, "cannot promote dc3: it is SuspectedPartition" },
        { "survivor silent", true, FailoverPhase.DcDown, "cannot promote dc3: dc2 is SuspectedPartition, no majority" },
        { "healthy", true, FailoverPhase.Promoted, "dc3 promoted under epoch 1: dc1's lease ran out, its twins move to dc2 and dc3" },
        // The isolated dc1 still reports, and it has lost the others: only its view makes them suspected. Before the
        // fix this blocked the promotion for as long as the isolation lasted (found by the simulation, seed 41).
        { "isolated dc1 lost the others", true, FailoverPhase.Promoted, "dc3 promoted under epoch 1: dc1's lease ran out, its twins move to dc2 and dc3" },
        { "dc1 back up", false, FailoverPhase.Normal, "dc1 is back before promotion: nothing moved" },
    };

    [Theory]
    [MemberData(nameof(DcDownCases))]
    public void A_down_dc_fails_over_only_after_its_lease_and_with_a_majority(string health, bool leaseExpired, FailoverPhase expected, string decision)
    {
        IReadOnlyList<DcHealth> dcs = health switch
        {
            "observer down" => With(Dc1Down, Health("dc3", DcHealthState.Down, "dc2", "dc3")),
            "observer lost by dc2" => With(Dc1Down, Health("dc3", DcHealthState.SuspectedPartition, "dc2")),
            "survivor silent" => With(Dc1Down, Health("dc2", DcHealthState.SuspectedPartition, "dc2")),
            "isolated dc1 lost the others" => With(Dc1Down, Health("dc2", DcHealthState.SuspectedPartition, "dc1"), Health("dc3", DcHealthState.SuspectedPartition, "dc1")),
            "dc1 back up" => AllUp(),
            _ => With(Dc1Down),
        };
        var status = new FailoverStatus { Phase = FailoverPhase.DcDown, FailedDc = "dc1" };

        var transition = Step(status, dcs, 0, leaseExpired);

        Assert.Equal(expected, transition.Status.Phase);
        Assert.Contains(decision, transition.Decisions.Select(d => d.Decision));
        Assert.Equal(expected == FailoverPhase.Promoted ? ("dc3", 1L) : (null, 0L), (transition.Status.PromotedDc, transition.Status.Epoch));
    }

    [Fact]
    public void Both_active_dcs_down_never_fail_over_and_say_so_once()
    {
        var dcs = With(Dc1Down, Health("dc2", DcHealthState.Down, "dc2", "dc3"));
        var status = new FailoverStatus { Dcs = dcs };

        var decisions = Enumerable.Range(0, 10).SelectMany(t => Step(status, dcs, t).Decisions).ToList();

        Assert.Equal(["no failover: dc1 and dc2 are all down, no side holds a majority of DCs"], decisions.Select(d => d.Decision));
    }

    [Fact]
    public void A_reason_for_holding_is_logged_once_until_another_replaces_it()
    {
        var status = new FailoverStatus { Phase = FailoverPhase.DcDown, FailedDc = "dc1", Dcs = With(Dc1Down) };
        var observerDown = With(Dc1Down, Health("dc3", DcHealthState.Down, "dc2", "dc3"));

        var decisions = new[] { (false, With(Dc1Down)), (false, With(Dc1Down)), (true, observerDown), (true, observerDown), (false, observerDown) }
            .Select((step, t) => Step(status with { Dcs = step.Item2 }, step.Item2, t, step.Item1))
            .SelectMany(transition => transition.Decisions)
            .Where(d => d.From == d.To && !d.Decision.Contains('→'))
            .Select(d => d.Decision)
            .ToList();

        Assert.Equal(
            ["waiting for dc1's write lease to run out before anyone takes over", "cannot promote dc3: it is Down", "waiting for dc1's write lease to run out before anyone takes over"],
            decisions);
    }

    [Fact]
    public void Recovery_interrupted_starts_the_window_again_and_completed_demotes_under_a_new_epoch_then_returns()
    {
        var up = AllUp();
        var status = Promoted;

        status = Step(status, up, 0).Status;
        Assert.Equal(FailoverPhase.Recovering, status.Phase);
        status = Step(status, up, 20).Status;
        Assert.Equal(FailoverPhase.Recovering, status.Phase);

        // dc1 wobbles at 25 s: back to Promoted, and the 30 s count again from its next Up.
        status = Step(status, With(Health("dc1", DcHealthState.SuspectedPartition, "dc2")), 25).Status;
        Assert.Equal(FailoverPhase.Promoted, status.Phase);
        status = Step(status, up, 26).Status;
        Assert.Equal((FailoverPhase.Recovering, 4L), (status.Phase, status.Epoch));
        status = Step(status, up, 55.9).Status;
        Assert.Equal(FailoverPhase.Recovering, status.Phase);

        status = Step(status, up, 56).Status;
        Assert.Equal((FailoverPhase.Returning, 5L, "dc1", null), (status.Phase, status.Epoch, status.FailedDc, status.PromotedDc));

        // The return waits a lease and its margin from the first step that reads Returning back (here 60 s, as if
        // the write had landed late), so every silo that held dc1's twins has followed or stopped.
        status = Step(status, up, 60).Status;
        status = Step(status, up, 66.9).Status;
        Assert.Equal(FailoverPhase.Returning, status.Phase);
        status = Step(status, up, 67).Status;
        Assert.Equal((FailoverPhase.Normal, 5L, null, null), (status.Phase, status.Epoch, status.FailedDc, status.PromotedDc));
    }

    [Fact]
    public void Epochs_rise_by_one_on_promotion_and_on_demotion_only()
    {
        var epochs = new List<long>();
        var status = new FailoverStatus();
        var script = new (IReadOnlyList<DcHealth> Health, double At)[]
        {
            (With(Dc1Down), 0), (With(Dc1Down), 1), (With(Dc1Down), 2), (AllUp(), 3), (AllUp(), 33), (AllUp(), 34), (AllUp(), 41), (AllUp(), 42),
        };
        foreach (var (health, at) in script)
        {
            status = Step(status, health, at).Status;
            epochs.Add(status.Epoch);
        }

        Assert.Equal([0, 1, 1, 1, 2, 2, 2, 2], epochs);
        Assert.Equal(FailoverPhase.Normal, status.Phase);
    }

    [Theory]
    [InlineData(FailoverPhase.Normal, null, null, "dc1", "dc1")]
    [InlineData(FailoverPhase.DcDown, "dc1", null, "dc1", "")]
    [InlineData(FailoverPhase.DcDown, "dc1", null, "dc2", "dc2")]
    [InlineData(FailoverPhase.Promoted, "dc1", "dc3", "dc1", "dc2 dc3")]
    [InlineData(FailoverPhase.Recovering, "dc1", "dc3", "dc1", "dc2 dc3")]
    [InlineData(FailoverPhase.Returning, "dc1", null, "dc1", "")]
    [InlineData(FailoverPhase.Promoted, "dc2", "dc3", "dc1", "dc1")]
    public void Twins_are_placed_at_home_or_with_the_survivors_once_promoted(FailoverPhase phase, string? failed, string? promoted, string home, string expected)
    {
        var status = new FailoverStatus { Phase = phase, FailedDc = failed, PromotedDc = promoted };

        Assert.Equal(expected, string.Join(" ", status.HostDcs(home, Options.EffectiveActiveDcs)));
    }
}
