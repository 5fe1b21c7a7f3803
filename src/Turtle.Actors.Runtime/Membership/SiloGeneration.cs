using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Picks a silo incarnation's generation: milliseconds since the Unix epoch, and always above every generation the
/// table already holds for the same host and port, so a restarted silo is newer than its predecessor even if the
/// clock went back.
/// </summary>
public static class SiloGeneration
{
    public static long Next(TimeProvider time, long newestKnown = 0) =>
        Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), newestKnown + 1);

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are incarnations of the same host and port.</summary>
    public static bool SameEndpoint(SiloAddress a, SiloAddress b) => a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.Ordinal);
}
