using System.Diagnostics;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// Waits, after the harness moved the clocks, until the process has run what that released: the thread pool has
/// nothing queued and has completed next to nothing for two checks in a row, or a bound of real time has passed.
/// Sockets and Task scheduling are real, so this is the one place the harness waits on real time (bounded).
/// </summary>
public static class Quiescence
{
    public static async Task WaitAsync(TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        var last = ThreadPool.CompletedWorkItemCount;
        var calm = 0;
        while (watch.Elapsed < bound)
        {
            await Task.Delay(1).ConfigureAwait(false);
            var now = ThreadPool.CompletedWorkItemCount;
            // Our own delay's continuation and a stray timer count for a few items.
            calm = ThreadPool.PendingWorkItemCount == 0 && now - last <= 3 ? calm + 1 : 0;
            if (calm >= 2)
            {
                return;
            }

            last = now;
        }
    }
}
