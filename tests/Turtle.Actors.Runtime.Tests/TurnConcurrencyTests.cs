namespace Turtle.Actors.Runtime.Tests;

public class TurnConcurrencyTests
{
    [Fact]
    public async Task Ten_thousand_concurrent_calls_to_one_grain_never_overlap()
    {
        await using var silo = await Silos.StartAsync(manualClock: false);
        var grain = silo.GrainFactory.GetGrain<IConcurrencyGrain>("one");

        var calls = Enumerable.Range(0, 10_000).Select(_ => Task.Run(() => grain.Work())).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, silo.Probe().MaxConcurrency);
        // Every call saw a distinct count: no lost updates to the grain's field either.
        Assert.Equal(Enumerable.Range(1, 10_000), results.Order());
    }

    [Fact]
    public async Task Half_a_million_calls_from_many_callers_over_many_grains_all_complete()
    {
        // Guards against lost wake-ups in the activation executor: one lost turn leaves a request waiting until its
        // deadline, which here is short enough to fail the test.
        await using var silo = await Silos.StartAsync(new() { ["Turtle:Messaging:ResponseTimeout"] = "00:00:10" }, manualClock: false);
        var grains = Enumerable.Range(0, 64).Select(i => silo.GrainFactory.GetGrain<ICallGrain>($"g{i}")).ToArray();

        var callers = Enumerable.Range(0, 128).Select(caller => Task.Run(async () =>
        {
            var sum = 0L;
            for (var i = 0; i < 4_000; i++)
            {
                sum += await grains[(caller + i) % grains.Length].Add(i, 1);
            }

            return sum;
        })).ToArray();

        var sums = await Task.WhenAll(callers);
        Assert.All(sums, sum => Assert.Equal(4_000L * 4_001 / 2, sum));
    }

    [Fact]
    public async Task A_non_reentrant_grain_queues_a_second_call_until_the_first_finishes()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<IConcurrencyGrain>("queue");

        var first = grain.Hold("a");
        await TestProbe.WaitUntil(() => probe.Log.Contains("enter a"));
        var second = grain.Hold("b");
        // The always-interleave status call is the witness that the grain is processing mail while "b" waits.
        Assert.Equal("ok", await grain.Status());
        Assert.DoesNotContain("enter b", probe.Log);

        probe.Open("a");
        probe.Open("b");
        await Task.WhenAll(first, second);
        Assert.Equal(["enter a", "status", "exit a", "enter b", "exit b"], probe.Log);
        Assert.Equal(1, probe.MaxConcurrency);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls_at_awaits_but_never_runs_two_turns_in_parallel()
    {
        await using var silo = await Silos.StartAsync(manualClock: false);
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<IReentrantGrain>("r");

        var held = Enumerable.Range(0, 50).Select(i => grain.Hold($"g{i}")).ToList();
        await TestProbe.WaitUntil(() => probe.MaxConcurrency == 50, because: "all 50 calls should be inside the grain at once");
        for (var i = 0; i < 50; i++)
        {
            probe.Open($"g{i}");
        }

        await Task.WhenAll(held);
        Assert.Equal(0, probe.Count("parallel-turns"));
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other_but_not_with_a_writer()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<IConcurrencyGrain>("ro");

        var reader1 = grain.HoldReadOnly("r1");
        var reader2 = grain.HoldReadOnly("r2");
        await TestProbe.WaitUntil(() => probe.MaxConcurrency == 2, because: "two read-only calls should run together");

        var writer = grain.Hold("w");
        var reader3 = grain.HoldReadOnly("r3");
        Assert.Equal("ok", await grain.Status());
        Assert.DoesNotContain("enter w", probe.Log);
        // A reader arriving after a waiting writer waits behind it (no writer starvation).
        Assert.DoesNotContain("enter r3", probe.Log);

        probe.Open("r1");
        probe.Open("r2");
        await TestProbe.WaitUntil(() => probe.Log.Contains("enter w"));
        Assert.DoesNotContain("enter r3", probe.Log);
        probe.Open("w");
        probe.Open("r3");
        await Task.WhenAll(reader1, reader2, writer, reader3);
        var log = probe.Log.ToList();
        Assert.True(log.IndexOf("exit w") < log.IndexOf("enter r3"));
    }
}
