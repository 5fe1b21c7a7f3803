using System.Collections.Concurrent;

namespace Turtle.Actors.TestGrains;

/// <summary>
/// What test grains report to the test that drives them: overlap counters, activation counts, an event log and
/// gates a test opens to release grains it holds mid-turn. One per silo (a DI singleton).
/// </summary>
public sealed class TestProbe
{
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentQueue<string> _log = new();
    private int _inside;
    private int _maxInside;

    public int MaxConcurrency => Volatile.Read(ref _maxInside);

    public IReadOnlyList<string> Log => _log.ToArray();

    public void Record(string entry) => _log.Enqueue(entry);

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, (_, n) => n + 1);

    public int Count(string counter) => _counters.TryGetValue(counter, out var n) ? n : 0;

    /// <summary>Marks entry into a section that must not overlap; returns how many are inside now.</summary>
    public int Enter()
    {
        var inside = Interlocked.Increment(ref _inside);
        int max;
        while (inside > (max = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, inside, max) != max)
        {
        }

        return inside;
    }

    public void Exit() => Interlocked.Decrement(ref _inside);

    public Task Gate(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Open(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, polling without a fixed sleep; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time{(because is null ? "" : ": " + because)}.");
            }

            await Task.Yield();
            await Task.Delay(1);
        }
    }
}
