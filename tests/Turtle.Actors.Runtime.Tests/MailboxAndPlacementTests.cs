using Turtle.Actors.Messaging;
using Turtle.Actors.Invocation;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Placement;

namespace Turtle.Actors.Runtime.Tests;

public class ActivationMailboxTests
{
    [Theory]
    [InlineData(InvokeMethodOptions.None, InvokeMethodOptions.None, false)]
    [InlineData(InvokeMethodOptions.ReadOnly, InvokeMethodOptions.ReadOnly, true)]
    [InlineData(InvokeMethodOptions.ReadOnly, InvokeMethodOptions.None, false)]
    [InlineData(InvokeMethodOptions.None, InvokeMethodOptions.ReadOnly, false)]
    [InlineData(InvokeMethodOptions.None, InvokeMethodOptions.AlwaysInterleave, true)]
    [InlineData(InvokeMethodOptions.AlwaysInterleave, InvokeMethodOptions.None, true)]
    public void Second_request_starts_only_when_the_rules_allow(InvokeMethodOptions running, InvokeMethodOptions arriving, bool startsAtOnce)
    {
        var mailbox = new ActivationMailbox(reentrant: false);
        Assert.True(mailbox.StartOrQueue(new FakeRequest(running)));
        Assert.Equal(startsAtOnce, mailbox.StartOrQueue(new FakeRequest(arriving)));
    }

    [Fact]
    public void A_reentrant_mailbox_starts_everything()
    {
        var mailbox = new ActivationMailbox(reentrant: true);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(mailbox.StartOrQueue(new FakeRequest(InvokeMethodOptions.None))));
    }

    [Fact]
    public void Waiting_requests_start_in_arrival_order_as_running_ones_complete()
    {
        var mailbox = new ActivationMailbox(reentrant: false);
        var first = new FakeRequest(InvokeMethodOptions.None);
        var second = new FakeRequest(InvokeMethodOptions.None);
        var third = new FakeRequest(InvokeMethodOptions.None);
        mailbox.StartOrQueue(first);
        mailbox.StartOrQueue(second);
        mailbox.StartOrQueue(third);

        Assert.False(mailbox.TryStartNext(out _));
        mailbox.Complete(first);
        Assert.True(mailbox.TryStartNext(out var next));
        Assert.Same(second, next);
        Assert.False(mailbox.TryStartNext(out _));
    }

    [Fact]
    public void Overdue_requests_fail_with_a_timeout_and_others_do_not()
    {
        var mailbox = new ActivationMailbox(reentrant: false);
        var overdue = new FakeRequest(InvokeMethodOptions.None) { DeadlineTimestamp = 100 };
        var onTime = new FakeRequest(InvokeMethodOptions.None) { DeadlineTimestamp = 300 };
        mailbox.StartOrQueue(overdue);
        mailbox.StartOrQueue(onTime);

        mailbox.ExpireOverdue(200, (_, _) => new TimeoutException("late"));

        Assert.IsType<TimeoutException>(overdue.Task.Exception!.InnerException);
        Assert.False(onTime.IsCompleted);
    }

    private sealed class FakeRequest(InvokeMethodOptions options) : GrainVoidRequest
    {
        public override string InterfaceName => "test";

        public override string MethodName => "fake";

        public override InvokeMethodOptions Options => options;

        protected override ValueTask InvokeVoid(object target) => default;
    }
}

public class RendezvousPlacementTests
{
    private static readonly SiloAddress[] Silos =
        Enumerable.Range(0, 5).Select(i => new SiloAddress("10.0.0." + i, 11111, 1)).ToArray();

    [Fact]
    public void Placement_is_deterministic_and_spreads_grains_evenly()
    {
        var director = new RendezvousPlacementDirector();
        var counts = new Dictionary<SiloAddress, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var id = new GrainId("host", $"dc1/host-{i}");
            var chosen = director.Place(id, Silos);
            Assert.Equal(chosen, director.Place(id, Silos.Reverse().ToArray()));
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
        }

        // 2,000 expected per silo; allow ±10 %.
        Assert.All(Silos, s => Assert.InRange(counts[s], 1_800, 2_200));
    }

    [Fact]
    public void Removing_a_silo_moves_only_that_silos_grains()
    {
        var director = new RendezvousPlacementDirector();
        var survivors = Silos.Where(s => s != Silos[2]).ToArray();
        for (var i = 0; i < 2_000; i++)
        {
            var id = new GrainId("host", $"k{i}");
            var before = director.Place(id, Silos);
            var after = director.Place(id, survivors);
            if (before != Silos[2])
            {
                Assert.Equal(before, after);
            }
        }
    }
}
