using Turtle.Actors.Configuration;

namespace Turtle.Actors.Runtime.Tests;

public class IdleCollectionTests
{
    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age_and_not_before()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        await grain.Ping();

        silo.Time!.Advance(GrainCollectionOptions.DefaultCollectionAge - TimeSpan.FromMinutes(1));
        Assert.Equal(1, silo.Silo.ActivationCount);
        Assert.DoesNotContain(probe.Log, e => e.StartsWith("deactivate idle"));

        silo.Time.Advance(TimeSpan.FromMinutes(2));
        await TestProbe.WaitUntil(() => probe.Log.Contains("deactivate idle ActivationIdle"));
        await TestProbe.WaitUntil(() => silo.Silo.ActivationCount == 0);
    }

    [Fact]
    public async Task Calls_keep_an_activation_alive_and_the_age_is_configurable()
    {
        await using var silo = await Silos.StartAsync(new()
        {
            ["Turtle:Grains:CollectionAge"] = "00:02:00",
            ["Turtle:Grains:CollectionQuantum"] = "00:00:30",
        });
        var probe = silo.Probe();
        var busy = silo.GrainFactory.GetGrain<ILifecycleGrain>("busy");
        var quiet = silo.GrainFactory.GetGrain<ILifecycleGrain>("quiet");
        await busy.Ping();
        await quiet.Ping();

        for (var i = 0; i < 6; i++)
        {
            silo.Time!.Advance(TimeSpan.FromSeconds(30));
            await busy.Ping();
        }

        await TestProbe.WaitUntil(() => probe.Log.Contains("deactivate quiet ActivationIdle"));
        Assert.DoesNotContain(probe.Log, e => e.StartsWith("deactivate busy"));
        Assert.Equal(1, probe.Count("activate busy"));
    }

    [Fact]
    public async Task Invalid_collection_settings_fail_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Silos.StartAsync(new()
        {
            ["Turtle:Grains:CollectionAge"] = "00:00:10",
            ["Turtle:Grains:CollectionQuantum"] = "00:01:00",
        }));
        Assert.Contains("Turtle:Grains:CollectionQuantum", error.Message);
    }
}

public class DeadlineTests
{
    [Fact]
    public async Task A_deactivation_waits_for_running_calls_at_most_the_deactivation_timeout()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var stuck = silo.GrainFactory.GetGrain<IConcurrencyGrain>("hostage").Hold("never");
        await TestProbe.WaitUntil(() => probe.Log.Contains("enter never"), because: "the call must be running before the silo stops");

        var stopping = silo.Silo.StopAsync();
        silo.Time!.Advance(TimeSpan.FromSeconds(29));
        Assert.False(stopping.IsCompleted);

        silo.Time.Advance(TimeSpan.FromSeconds(2));
        await stopping;
        Assert.Equal(0, silo.Silo.ActivationCount);
        await Assert.ThrowsAsync<TimeoutException>(() => stuck);
        probe.Open("never");
    }

    [Fact]
    public async Task A_call_without_a_response_times_out_after_the_default_30_seconds()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("slow");
        var call = grain.Wait("never", CancellationToken.None);

        silo.Time!.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);

        silo.Time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("ICallGrain.Wait", error.Message);
        Assert.Contains("slow", error.Message);
        silo.Probe().Open("never");
    }

    [Fact]
    public async Task A_call_waiting_behind_a_stuck_call_times_out_too()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("stuck");
        var stuck = grain.Wait("never", CancellationToken.None);
        var behind = grain.Add(1, 2);

        silo.Time!.Advance(TimeSpan.FromSeconds(31));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => behind);
        Assert.Contains("waiting for its turn", error.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => stuck);
        silo.Probe().Open("never");
    }

    [Fact]
    public async Task ResponseTimeout_attribute_and_ambient_scope_override_the_default()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("brief");

        var attributed = grain.WaitBriefly("never");
        Task scoped;
        using (GrainCallContext.WithResponseTimeout(TimeSpan.FromSeconds(5)))
        {
            scoped = silo.GrainFactory.GetGrain<ICallGrain>("scoped").Wait("never", CancellationToken.None);
        }

        silo.Time!.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => attributed);
        Assert.False(scoped.IsCompleted);

        silo.Time.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => scoped);
        silo.Probe().Open("never");
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_call()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("cancel");
        using var cancellation = new CancellationTokenSource();

        var running = grain.Wait("never", cancellation.Token);
        var queued = grain.Wait("never", cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        // The grain is free again: the running call observed the token and its turn ended.
        Assert.Equal(3, await grain.Add(1, 2));
    }
}
