namespace Turtle.Actors.Runtime.Tests;

public class CallTests
{
    [Fact]
    public async Task Exception_type_and_message_survive_the_call()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("boom");

        var asyncFailure = await Assert.ThrowsAsync<TemperatureOutOfRangeException>(() => grain.Throw("sensor 3 reads 412 °C"));
        Assert.Equal("sensor 3 reads 412 °C", asyncFailure.Message);

        var syncFailure = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowSynchronously("bad value"));
        Assert.Equal("value", syncFailure.ParamName);
        Assert.StartsWith("bad value", syncFailure.Message);

        // The grain survives its exceptions.
        Assert.Equal(5, await grain.Add(2, 3));
    }

    [Fact]
    public async Task Overloads_generic_methods_and_value_tasks_reach_the_right_method()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("calls");

        Assert.Equal(5, await grain.Add(2, 3));
        Assert.Equal("23", await grain.Add("2", "3"));
        Assert.Equal(7, await grain.ValueAdd(3, 4));
        Assert.Equal(new DateOnly(2026, 11, 22), await grain.Echo(new DateOnly(2026, 11, 22)));
        Assert.Equal("text", await grain.Echo("text"));
    }

    [Fact]
    public async Task Generic_grain_interfaces_guid_and_integer_keys_work()
    {
        await using var silo = await Silos.StartAsync();
        var box = silo.GrainFactory.GetGrain<IBoxGrain<int>>("box");
        await box.Put(42);
        Assert.Equal(42, await box.Take());

        var guid = Guid.NewGuid();
        Assert.Equal(guid, await silo.GrainFactory.GetGrain<IGuidKeyGrain>(guid).Key());
        Assert.Equal(-17, await silo.GrainFactory.GetGrain<IIntegerKeyGrain>(-17).Key());
        Assert.Equal("box", box.GetPrimaryKeyString());
    }

    [Fact]
    public async Task Grains_call_grains()
    {
        await using var silo = await Silos.StartAsync();
        var result = await silo.GrainFactory.GetGrain<ICallGrain>("caller").CallOther("callee");
        Assert.Equal("from caller", result);
    }

    [Fact]
    public async Task One_way_calls_return_before_the_grain_runs_them()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("oneway");
        var holding = grain.Wait("gate", CancellationToken.None);

        var notify = grain.Notify("notified");
        Assert.True(notify.IsCompletedSuccessfully);
        Assert.DoesNotContain("notified", probe.Log);

        probe.Open("gate");
        await holding;
        await TestProbe.WaitUntil(() => probe.Log.Contains("notified"));
    }

    [Fact]
    public async Task References_compare_by_grain_id()
    {
        await using var silo = await Silos.StartAsync();
        var a = silo.GrainFactory.GetGrain<ICallGrain>("same");
        var b = silo.GrainFactory.GetGrain<ICallGrain>("same");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, silo.GrainFactory.GetGrain<ICallGrain>("other"));
        Assert.Equal("call/same", a.GetGrainId().ToString());
    }
}
