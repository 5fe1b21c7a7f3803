namespace Turtle.Failover.Tests.Simulation;

/// <summary>DC-affine placement, as the core defines it (<see cref="FailoverStatus.HostDcs"/>).</summary>
public static class Placement
{
    public static IReadOnlyList<string> HostDcs(string home, FailoverStatus status, FailoverOptions options) =>
        status.HostDcs(home, options.EffectiveActiveDcs);
}
