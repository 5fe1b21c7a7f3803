namespace Turtle.Actors.History;

/// <summary>The resolutions history is kept at; coarser tiers are kept longer.</summary>
public enum HistoryTier
{
    /// <summary>Every sample as written.</summary>
    Raw,

    /// <summary>One row per entity, metric and minute: min, max, sum, count, last.</summary>
    Minute,

    /// <summary>One row per entity, metric and hour, rolled up from the minute tier.</summary>
    Hour,
}
