namespace Turtle.Twin;

/// <summary>
/// Decides when a twin whose metrics changed but whose state did not should write: at most once per interval. Its
/// samples are in history already; the state write only spares a restarted twin from showing old values.
/// </summary>
internal sealed class QuietWrites(TimeProvider time, TimeSpan interval)
{
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;

    public bool Pending { get; private set; }

    /// <summary>Notes a change to write later (by <see cref="Due"/> or at deactivation).</summary>
    public void MarkPending() => Pending = true;

    /// <summary>Whether to write now; when not, the change stays pending for the next due write or deactivation.</summary>
    public bool Due(bool important)
    {
        var now = time.GetUtcNow();
        if (important || now - _lastWrite >= interval)
        {
            _lastWrite = now;
            Pending = false;
            return true;
        }

        Pending = true;
        return false;
    }
}
