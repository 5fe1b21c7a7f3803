namespace Turtle.Actors.Benchmarks;

public interface IBenchGrain : IGrainWithIntegerKey
{
    Task<int> Add(int value);
}

/// <summary>The cheapest useful grain: state touched in a turn, result returned synchronously.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    private int _sum;

    public Task<int> Add(int value) => Task.FromResult(_sum += value);
}
