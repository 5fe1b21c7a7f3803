namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Counts the membership work in progress (a table read, a vote, a heartbeat), so stopping can wait for it before
/// writing the final Dead row, and tests can wait until the protocol has settled after moving the clock.
/// Waiting on a probe's answer is not work: it is time passing.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public Scope Enter()
    {
        lock (_lock)
        {
            _count++;
        }

        return new Scope(this);
    }

    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_count == 0)
            {
                (idle, _idle) = (_idle, null);
            }
        }

        idle?.TrySetResult();
    }

    public readonly struct Scope(BackgroundWork owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
