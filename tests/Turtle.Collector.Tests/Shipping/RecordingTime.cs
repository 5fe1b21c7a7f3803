using Turtle.Actors.Testing;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also tells which timers were started and for how long, so a test knows
/// the shipper is waiting (and for what) without sleeping: request timeouts and back-off waits are both timers.
/// </summary>
internal sealed class RecordingTime : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> _waiters = [];

    public ManualTimeProvider Clock { get; } = new();

    /// <summary>The due time of every timer started, in order.</summary>
    public IReadOnlyList<TimeSpan> Timers
    {
        get
        {
            lock (_lock)
            {
                return _timers.ToList();
            }
        }
    }

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Clock.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> matched;
        lock (_lock)
        {
            _timers.Add(dueTime);
            matched = _waiters.Where(w => w.Match(dueTime)).Select(w => w.Signal).ToList();
            _waiters.RemoveAll(w => w.Match(dueTime));
        }

        matched.ForEach(s => s.TrySetResult(dueTime));
        return timer;
    }

    /// <summary>Completes with the due time of the next timer started that <paramref name="match"/> accepts.</summary>
    public Task<TimeSpan> NextTimer(Func<TimeSpan, bool> match)
    {
        var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((match, signal));
        }

        return signal.Task;
    }

    public void Advance(TimeSpan delta) => Clock.Advance(delta);
}
