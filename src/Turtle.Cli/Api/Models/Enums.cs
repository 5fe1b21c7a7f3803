namespace Turtle.Cli.Api;

// The API's enums travel as their names ("Warning", "LostContact"); the JSON context reads and writes them so.

/// <summary>A host's health, worst last.</summary>
public enum HealthStatus
{
    Unknown,
    Ok,
    Warning,
    Critical,
    LostContact,
}

public enum DcStatus
{
    Unknown,
    Up,
    Degraded,
    Down,
}

public enum LinkStatus
{
    Unknown,
    Up,
    Degraded,
    Down,
}

public enum GraphNodeKind
{
    Dc,
    Host,
    Process,
}

public enum GraphEdgeKind
{
    Contains,
    Runs,
    Link,
}

public enum TwinKind
{
    DataCenter,
    Host,
    Process,
    Link,
}

/// <summary>The history tier a series was read from.</summary>
public enum HistoryTier
{
    Raw,
    Minute,
    FiveMinute,
    Hour,
}

/// <summary>Where the failover state machine stands: Normal → DcDown → Promoted → Recovering → Normal.</summary>
public enum FailoverPhase
{
    Normal,
    DcDown,
    Promoted,
    Recovering,
}

/// <summary>A voting DC's health as the failover judge sees it from three vantage points.</summary>
public enum DcHealthState
{
    Up,
    Degraded,
    SuspectedPartition,
    Down,
}

/// <summary>What one vantage point says about a DC.</summary>
public enum VantageVerdict
{
    Sees,
    Lost,
    Silent,
}
