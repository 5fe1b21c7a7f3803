namespace Turtle.Actors.TestGrains;

/// <summary>Counts how many calls are inside the grain at once.</summary>
public interface IConcurrencyGrain : IGrainWithStringKey
{
    /// <summary>Enters, yields (so an overlapping turn could run), and leaves.</summary>
    Task<int> Work();

    /// <summary>Enters and holds until the test opens <paramref name="gate"/>.</summary>
    Task Hold(string gate);

    [ReadOnly]
    Task HoldReadOnly(string gate);

    [AlwaysInterleave]
    Task<string> Status();
}

public class ConcurrencyGrain(TestProbe probe) : Grain, IConcurrencyGrain
{
    private int _calls;

    public async Task<int> Work()
    {
        probe.Enter();
        try
        {
            await Task.Yield();
            return ++_calls;
        }
        finally
        {
            probe.Exit();
        }
    }

    public async Task Hold(string gate)
    {
        probe.Enter();
        probe.Record($"enter {gate}");
        try
        {
            await probe.Gate(gate);
        }
        finally
        {
            probe.Record($"exit {gate}");
            probe.Exit();
        }
    }

    public Task HoldReadOnly(string gate) => Hold(gate);

    public Task<string> Status()
    {
        probe.Record("status");
        return Task.FromResult("ok");
    }
}

/// <summary>The same operations on a [Reentrant] grain.</summary>
public interface IReentrantGrain : IGrainWithStringKey
{
    Task Hold(string gate);
}

[Reentrant]
public class ReentrantGrain(TestProbe probe) : Grain, IReentrantGrain
{
    private int _turnThreads;

    public async Task Hold(string gate)
    {
        // Interleaving happens at awaits only: the synchronous parts of two turns never overlap.
        if (Interlocked.Increment(ref _turnThreads) != 1)
        {
            probe.Increment("parallel-turns");
        }

        probe.Enter();
        probe.Record($"enter {gate}");
        Interlocked.Decrement(ref _turnThreads);
        await probe.Gate(gate);
        probe.Record($"exit {gate}");
        probe.Exit();
    }
}
