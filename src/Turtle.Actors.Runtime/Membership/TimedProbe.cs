using Microsoft.Extensions.Logging;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// One probe of a peer, bounded by <paramref name="timeout"/> on this silo's clock: the prober is given the timeout,
/// and also loses a race against this silo's own timer, so a prober that overruns it cannot delay a verdict. A failed
/// or refused probe is a miss. Used by the failure detector and by a joining silo's connectivity check.
/// </summary>
internal sealed class TimedProbe(ISiloProber prober, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    /// <summary>True when <paramref name="target"/> answered in time.</summary>
    public async Task<bool> AnsweredAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            return await RaceProbeAgainstTimeoutAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Probe of silo {Target} failed", target);
            return false;
        }
    }

    private async Task<bool> RaceProbeAgainstTimeoutAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Continuations run where the timer fires (unless a synchronization context is installed there), so under a
        // manual clock the miss is handled within Advance.
        var expired = new TaskCompletionSource<bool>();
        using var timer = time.CreateTimer(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), expired,
            timeout, Timeout.InfiniteTimeSpan);
        var probe = prober.ProbeAsync(target, timeout, abandon.Token);
        if (await Task.WhenAny(probe, expired.Task).ConfigureAwait(false) != probe)
        {
            abandon.Cancel();
            _ = probe.ContinueWith(static p => _ = p.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return false;
        }

        return await probe.ConfigureAwait(false);
    }
}
