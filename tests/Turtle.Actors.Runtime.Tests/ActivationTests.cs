namespace Turtle.Actors.Runtime.Tests;

public class ActivationTests
{
    [Fact]
    public async Task Concurrent_first_calls_activate_the_grain_exactly_once()
    {
        await using var silo = await Silos.StartAsync(manualClock: false);
        var probe = silo.Probe();

        for (var round = 0; round < 20; round++)
        {
            var key = $"race-{round}";
            using var start = new ManualResetEventSlim();
            var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return silo.GrainFactory.GetGrain<ILifecycleGrain>(key).Ping();
            })).ToArray();
            start.Set();
            var pings = await Task.WhenAll(callers);

            Assert.Equal(1, probe.Count($"activate {key}"));
            Assert.Equal(Enumerable.Range(1, 16), pings.Order());
        }
    }

    [Fact]
    public async Task A_grain_that_throws_in_OnActivateAsync_fails_the_call_clearly_and_is_not_left_half_active()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        // Key "1": the first activation attempt throws, the second succeeds.
        var grain = silo.GrainFactory.GetGrain<IFailingActivationGrain>("1");

        var failure = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Contains("activation attempt 1 refused", failure.Message);
        Assert.Equal(0, silo.Silo.ActivationCount);

        Assert.Equal("hello", await grain.Hello());
        Assert.Equal(2, probe.Count("attempt 1"));
    }

    [Fact]
    public async Task Calls_queued_behind_a_failing_activation_all_fail_with_the_activation_error()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingActivationGrain>("1000");

        var calls = Enumerable.Range(0, 10).Select(_ => grain.Hello()).ToArray();
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<GrainActivationException>(() => call);
        }

        Assert.Equal(0, silo.Silo.ActivationCount);
    }

    [Fact]
    public async Task DeactivateOnIdle_ends_the_activation_and_the_next_call_activates_a_new_one()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("cycle");

        Assert.Equal(1, await grain.Ping());
        await grain.Deactivate();
        await TestProbe.WaitUntil(() => probe.Log.Contains("deactivate cycle ApplicationRequested"));

        Assert.Equal(1, await grain.Ping());
        Assert.Equal(2, probe.Count("activate cycle"));
    }

    [Fact]
    public async Task Calls_arriving_during_deactivation_are_delivered_to_the_next_activation()
    {
        await using var silo = await Silos.StartAsync(manualClock: false);
        var probe = silo.Probe();

        // Many rounds, because the calls race the hand-over: some reach the old activation while it winds down,
        // some arrive once it has left the catalog. Either way none may overtake an earlier one.
        for (var round = 0; round < 50; round++)
        {
            var key = $"handover-{round}";
            var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>(key);
            await grain.Ping();

            var deactivate = grain.Deactivate();
            var pings = Enumerable.Range(0, 100).Select(_ => grain.Ping()).ToArray();
            await deactivate;
            var results = await Task.WhenAll(pings);

            // All 100 waited behind the deactivation and were handed, in order, to one new activation.
            Assert.Equal(Enumerable.Range(1, 100), results);
            Assert.Equal(2, probe.Count($"activate {key}"));
        }
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_grains_and_lets_them_persist()
    {
        var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        await silo.GrainFactory.GetGrain<ILifecycleGrain>("a").Ping();
        await silo.GrainFactory.GetGrain<ILifecycleGrain>("b").Ping();
        var runtime = silo.Silo;
        var factory = silo.GrainFactory;

        await silo.DisposeAsync();

        Assert.Contains("deactivate a ShuttingDown", probe.Log);
        Assert.Contains("deactivate b ShuttingDown", probe.Log);
        Assert.Equal(0, runtime.ActivationCount);
        Assert.Equal(SiloStatus.Stopped, runtime.Status);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => factory.GetGrain<ILifecycleGrain>("c").Ping());
    }
}
