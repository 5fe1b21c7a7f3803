namespace Turtle.Actors.Benchmarks;

public interface IBenchGrain : IGrainWithIntegerKey
{
    Task<int> Add(int value);

    /// <summary>A typical twin update: a name and a number (used by the codec comparison).</summary>
    Task<int> Record(string entry, int amount);
}

/// <summary>The cheapest useful grain: state touched in a turn, result returned synchronously.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    private int _sum;

    public Task<int> Add(int value) => Task.FromResult(_sum += value);

    public Task<int> Record(string entry, int amount) => Task.FromResult(_sum += amount);
}
