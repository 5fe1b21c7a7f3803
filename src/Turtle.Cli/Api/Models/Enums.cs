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
