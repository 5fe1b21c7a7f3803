namespace Turtle.Twin;

/// <summary>
/// Lets a reentrant grain's callers share state writes: at most one write runs at a time, and every caller that
/// arrives while one runs waits for the single next write, which carries all their changes. A grain that indexes
/// thousands of others (the fleet) then writes its large state once per burst instead of once per caller, and each
/// caller still returns only once its change is durable. Used only from the grain's turns (no locking needed).
/// </summary>
internal sealed class CoalescedWrites(Func<Task> write)
{
    private bool _running;
    private TaskCompletionSource? _next;

    /// <summary>Completes once a write that started after this call finished (so it holds the caller's change).</summary>
    public Task WriteAsync()
    {
        if (_running)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        return RunAsync();
    }

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            await write();
        }
        finally
        {
            _running = false;
            if (_next is { } waiting)
            {
                _next = null;
                _ = RunForAsync(waiting);
            }
        }
    }

    private async Task RunForAsync(TaskCompletionSource waiting)
    {
        try
        {
            await RunAsync();
            waiting.TrySetResult();
        }
        catch (Exception exception)
        {
            waiting.TrySetException(exception);
        }
    }
}
