namespace Turtle.Actors.Timers;

/// <summary>A timer whose ticks run as turns of its grain. Dispose to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period; <see cref="Timeout.InfiniteTimeSpan"/> period means one tick.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>How a grain timer ticks.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Ticks may interleave with other calls. Default false: a tick waits its turn like a message.</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks count as activity that keeps the grain from idle collection. Default false.</summary>
    public bool KeepAlive { get; init; }
}
