namespace Turtle.Actors.History;

/// <summary>The resolutions history is kept at, finest first; coarser tiers are kept longer.</summary>
public enum HistoryTier
{
    /// <summary>Every sample as written.</summary>
    Raw,

    /// <summary>One row per entity, metric and minute: min, max, sum, count, last.</summary>
    Minute,

    /// <summary>
    /// One row per entity, metric and five minutes, rolled up from the minute tier: a day is 288 rows per series
    /// rather than 1,440, which is what keeps a fleet-wide day at dashboard steps (minutes to an hour) fast.
    /// </summary>
    FiveMinute,

    /// <summary>One row per entity, metric and hour, rolled up from the five-minute tier.</summary>
    Hour,
}
