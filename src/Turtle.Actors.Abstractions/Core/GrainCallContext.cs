namespace Turtle.Actors;

/// <summary>
/// Ambient settings for grain calls made in the current async flow. For example
/// <c>using (GrainCallContext.WithResponseTimeout(TimeSpan.FromSeconds(2))) { await grain.Ping(); }</c>
/// gives those calls a 2 s deadline instead of the method's or the silo's default.
/// </summary>
public static class GrainCallContext
{
    private static readonly AsyncLocal<TimeSpan?> s_responseTimeout = new();

    /// <summary>The timeout set by the innermost <see cref="WithResponseTimeout"/> scope, or null.</summary>
    public static TimeSpan? ResponseTimeout => s_responseTimeout.Value;

    public static IDisposable WithResponseTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var previous = s_responseTimeout.Value;
        s_responseTimeout.Value = timeout;
        return new Scope(previous);
    }

    private sealed class Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => s_responseTimeout.Value = previous;
    }
}
