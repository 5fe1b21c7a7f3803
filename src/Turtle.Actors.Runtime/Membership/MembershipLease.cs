using System.Collections.Concurrent;
using System.Globalization;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// The membership lease, both halves. <b>Holding</b>: this silo may write grain state only while its latest read of
/// the table that showed it alive began less than <see cref="ClusterMembershipOptions.LeaseDuration"/> ago, so a silo
/// cut off from the table, or paused, stops writing by itself. <b>Taking over</b>: another silo activates a dead
/// silo's grains only <see cref="ClusterMembershipOptions.TakeoverDelay"/> after it learned of the death. Any read that
/// began after the death was written shows the silo dead, so the dead silo's lease began before that and ran out
/// before the takeover delay did. Together: never two writable activations of one grain across a membership change,
/// with each side measuring only its own intervals (clocks need not agree, only tick at about the same rate).
/// </summary>
internal sealed class MembershipLease(ClusterMembershipOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<SiloAddress, long> _learnedDeadAt = new();
    private long _renewedAt = long.MinValue;

    /// <summary>A read of the table that began at <paramref name="readStarted"/> (a timestamp) showed this silo alive.</summary>
    public void Renew(long readStarted)
    {
        // Two reads may finish out of order: the lease runs from the later start.
        var seen = Volatile.Read(ref _renewedAt);
        while (readStarted > seen)
        {
            var before = Interlocked.CompareExchange(ref _renewedAt, readStarted, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }

    /// <summary>How long this silo still holds its lease: zero when it does not.</summary>
    public TimeSpan Remaining =>
        Volatile.Read(ref _renewedAt) is var renewed && renewed != long.MinValue && options.LeaseDuration - time.GetElapsedTime(renewed) is var left && left > TimeSpan.Zero
            ? left
            : TimeSpan.Zero;

    /// <summary>Whether this silo holds its lease now; if not, <paramref name="reason"/> says since when it lacks one.</summary>
    public bool IsHeld(out string reason)
    {
        var renewed = Volatile.Read(ref _renewedAt);
        if (renewed == long.MinValue)
        {
            reason = "it has not read the membership table yet";
            return false;
        }

        var age = time.GetElapsedTime(renewed);
        if (age < options.LeaseDuration)
        {
            reason = "";
            return true;
        }

        reason = string.Create(CultureInfo.InvariantCulture,
            $"its last read of the membership table showing it alive began {age.TotalSeconds:0.0} s ago, longer than its lease ({options.LeaseDuration.TotalSeconds:0.0} s); the cluster may have declared it dead");
        return false;
    }

    /// <summary>This silo just learned that <paramref name="silo"/> is dead (the first time counts).</summary>
    public void LearnedDead(SiloAddress silo) => _learnedDeadAt.TryAdd(silo, time.GetTimestamp());

    /// <summary>
    /// How long until the grains of <paramref name="silo"/> may be activated elsewhere: zero when they may now, or when
    /// it is not known dead. Whole milliseconds, rounded up: timers count in milliseconds, and a wait they round down
    /// to nothing would end before the delay has.
    /// </summary>
    public TimeSpan TakeoverDelay(SiloAddress silo) =>
        _learnedDeadAt.TryGetValue(silo, out var learned) && options.TakeoverDelay - time.GetElapsedTime(learned) is var left && left > TimeSpan.Zero
            ? TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds))
            : TimeSpan.Zero;
}
