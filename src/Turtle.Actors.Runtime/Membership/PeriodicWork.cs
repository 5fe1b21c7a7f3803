using Microsoft.Extensions.Logging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Runs one membership chore (refresh, heartbeat, cleanup, probe round) every period on the <see cref="TimeProvider"/>.
/// A tick that finds the previous run still going is skipped rather than queued, so a slow table never builds a
/// backlog; a failed run is logged and simply tried again next period.
/// </summary>
internal sealed class PeriodicWork(
    string name, TimeSpan period, Func<CancellationToken, Task> work, TimeProvider time, BackgroundWork tracker, ILogger logger,
    CancellationToken stopping) : IDisposable
{
    private ITimer? _timer;
    private int _running;
    private volatile bool _disposed;

    public void Start() => _timer = time.CreateTimer(static state => ((PeriodicWork)state!).Tick(), this, period, period);

    private void Tick()
    {
        if (_disposed || stopping.IsCancellationRequested || Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        using var scope = tracker.Enter();
        try
        {
            await work(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Membership {Work} failed; trying again in {Period}", name, period);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
    }
}
