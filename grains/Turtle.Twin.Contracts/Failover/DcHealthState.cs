namespace Turtle.Twin.Failover;

/// <summary>A DC's health as judged from its three vantage points (its own silos, and each other DC).</summary>
public enum DcHealthState
{
    /// <summary>Every vantage point sees it and its own report says all its silos are alive.</summary>
    Up,

    /// <summary>No vantage point has lost it, but one is silent or some of its silos are not alive.</summary>
    Degraded,

    /// <summary>
    /// One vantage point has lost it, or two have but not for long enough yet: one observer cannot tell a dead DC
    /// from a cut link, so this is never a reason to fail over on its own.
    /// </summary>
    SuspectedPartition,

    /// <summary>Two of three vantage points have lost it, continuously for the configured window.</summary>
    Down,
}

/// <summary>What one vantage point says about a DC.</summary>
public enum VantageVerdict
{
    /// <summary>It reaches the DC (for the DC's own vantage point: its silos report).</summary>
    Sees,

    /// <summary>It does not reach the DC (for the DC's own vantage point: its silos have stopped reporting).</summary>
    Lost,

    /// <summary>The vantage point itself is not reporting, so it says nothing.</summary>
    Silent,
}
