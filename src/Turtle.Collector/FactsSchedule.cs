namespace Turtle.Collector;

/// <summary>When facts are due: on the first sample, then once <paramref name="every"/> has passed since they were last sent.</summary>
internal sealed class FactsSchedule(TimeSpan every)
{
    private DateTimeOffset? _lastSentAt;

    /// <summary>Whether the sample at <paramref name="time"/> carries facts (and, if so, counts them as sent).</summary>
    public bool IsDue(DateTimeOffset time)
    {
        // A clock stepped backwards also sends them: the time since the last facts is then unknown.
        if (_lastSentAt is { } last && time >= last && time - last < every)
        {
            return false;
        }

        _lastSentAt = time;
        return true;
    }
}
