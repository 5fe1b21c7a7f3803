namespace Turtle.Actors.TestGrains;

/// <summary>A grain-thrown exception type the tests expect to see unchanged at the caller.</summary>
public sealed class TemperatureOutOfRangeException(string message) : Exception(message);

public interface ICallGrain : IGrainWithStringKey
{
    Task<int> Add(int a, int b);

    Task<string> Add(string a, string b);

    Task<T> Echo<T>(T value);

    ValueTask<int> ValueAdd(int a, int b);

    Task Throw(string message);

    Task ThrowSynchronously(string message);

    /// <summary>Holds until <paramref name="gate"/> opens, observing cancellation.</summary>
    Task Wait(string gate, CancellationToken cancellationToken);

    [ResponseTimeout("00:00:02")]
    Task WaitBriefly(string gate);

    [OneWay]
    Task Notify(string entry);

    Task<string> CallOther(string otherKey);
}

public class CallGrain(TestProbe probe) : Grain, ICallGrain
{
    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public Task<string> Add(string a, string b) => Task.FromResult(a + b);

    public Task<T> Echo<T>(T value) => Task.FromResult(value);

    public ValueTask<int> ValueAdd(int a, int b) => ValueTask.FromResult(a + b);

    public async Task Throw(string message)
    {
        await Task.Yield();
        throw new TemperatureOutOfRangeException(message);
    }

    public Task ThrowSynchronously(string message) => throw new ArgumentException(message, "value");

    public Task Wait(string gate, CancellationToken cancellationToken) => probe.Gate(gate).WaitAsync(cancellationToken);

    public Task WaitBriefly(string gate) => probe.Gate(gate);

    public Task Notify(string entry)
    {
        probe.Record(entry);
        return Task.CompletedTask;
    }

    public async Task<string> CallOther(string otherKey)
    {
        var sum = await GrainFactory.GetGrain<ICallGrain>(otherKey).Add("from ", this.GetPrimaryKeyString());
        return sum;
    }
}

public interface IBoxGrain<T> : IGrainWithStringKey
{
    Task Put(T value);

    Task<T?> Take();
}

public class IntBoxGrain : Grain, IBoxGrain<int>
{
    private int _value;

    public Task Put(int value)
    {
        _value = value;
        return Task.CompletedTask;
    }

    public Task<int> Take() => Task.FromResult(_value);
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> Key();
}

public class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> Key() => Task.FromResult(this.GetPrimaryKey());
}

public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    Task<long> Key();
}

public class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public Task<long> Key() => Task.FromResult(this.GetPrimaryKeyLong());
}

public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>Waits for the gate, then says which silo ran it. Safe to run twice.</summary>
    [Idempotent]
    Task<string> WhereAfter(string gate);

    /// <summary>The same, not marked idempotent.</summary>
    Task<string> WhereAfterOnce(string gate);
}

public class WhereGrain(TestProbe probe) : Grain, IWhereGrain
{
    public async Task<string> WhereAfter(string gate)
    {
        probe.Record($"running {this.GetPrimaryKeyString()}");
        await probe.Gate(gate);
        return ServiceProvider.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<string> WhereAfterOnce(string gate) => WhereAfter(gate);
}
