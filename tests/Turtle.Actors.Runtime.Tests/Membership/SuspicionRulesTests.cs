using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

public sealed class SuspicionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_vote_replaces_the_voters_earlier_one_and_drops_expired_votes()
    {
        var suspect = Entry(1) with
        {
            Suspicions = [new SuspicionVote(Silo(2), Now.AddSeconds(-5)), new SuspicionVote(Silo(3), Now.AddSeconds(-21))],
        };

        var voted = SuspicionRules.AddVote(suspect, Silo(2), Now, Window, votesNeeded: 2);

        Assert.Equal([new SuspicionVote(Silo(2), Now)], voted.Suspicions);
        Assert.Equal(SiloMembershipStatus.Active, voted.Status);
    }

    [Fact]
    public void The_vote_that_completes_the_count_declares_death_in_the_same_row()
    {
        var suspect = Entry(1) with { Suspicions = [new SuspicionVote(Silo(2), Now.AddSeconds(-20))] };

        var voted = SuspicionRules.AddVote(suspect, Silo(3), Now, Window, votesNeeded: 2);

        Assert.Equal(SiloMembershipStatus.Dead, voted.Status);
        Assert.Equal(2, voted.Suspicions.Count);
    }

    [Theory]
    [InlineData("dc2", new[] { "dc1", "dc1" }, false)]
    [InlineData("dc2", new[] { "dc1", "dc3" }, true)]
    [InlineData("dc2", new[] { "dc1", "dc2" }, true)]
    [InlineData("dc2", new[] { "dc2", "dc2" }, true)]
    [InlineData("dc1", new[] { "dc1", "dc1" }, true)]
    public void Votes_from_one_other_DC_alone_do_not_evict(string suspectDc, string[] voterDcs, bool dead)
    {
        // A cut link between two DCs looks like death to the voters on one side: they alone must not evict.
        var suspect = Entry(1) with { Dc = suspectDc, Suspicions = [new SuspicionVote(Silo(2), Now.AddSeconds(-1))] };
        var dcs = new Dictionary<SiloAddress, string> { [Silo(2)] = voterDcs[0], [Silo(3)] = voterDcs[1] };

        var voted = SuspicionRules.AddVote(suspect, Silo(3), Now, Window, votesNeeded: 2, v => dcs.GetValueOrDefault(v));

        Assert.Equal(dead ? SiloMembershipStatus.Dead : SiloMembershipStatus.Active, voted.Status);
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(2, 5, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(2, 0, 1)]
    public void Votes_needed_are_capped_by_the_other_active_silos(int configured, int otherActive, int expected)
    {
        var rows = Enumerable.Range(2, otherActive).Select(i => (Entry(i), "e"))
            .Append((Entry(1), "e"))
            .Append((Entry(50) with { Status = SiloMembershipStatus.Joining }, "e"))
            .Append((Entry(51) with { Status = SiloMembershipStatus.Dead }, "e"))
            .ToList();

        Assert.Equal(expected, SuspicionRules.VotesNeeded(configured, new MembershipSnapshot(rows, new TableVersion(1, "v")), Silo(1)));
    }

    [Fact]
    public void Each_silo_watches_its_successors_in_address_order_wrapping_around()
    {
        var ring = new[] { Silo(5), Silo(1), Silo(3), Silo(4), Silo(2) };

        Assert.Equal([Silo(5), Silo(1), Silo(2)], SiloRing.Successors(Silo(4), ring, 3));
        Assert.Equal([Silo(2)], SiloRing.Successors(Silo(1), [Silo(1), Silo(2)], 3));
        Assert.Empty(SiloRing.Successors(Silo(1), [Silo(1)], 3));
    }

    private static SiloAddress Silo(int port) => new("127.0.0.1", 11110 + port, 1);

    private static MembershipEntry Entry(int port) => new()
    {
        Address = Silo(port),
        SiloName = $"silo-{port}",
        Status = SiloMembershipStatus.Active,
        StartTime = Now,
        IAmAliveTime = Now,
    };
}
