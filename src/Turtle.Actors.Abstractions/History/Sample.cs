namespace Turtle.Actors.History;

/// <summary>
/// One observation of <paramref name="Metric"/> on <paramref name="Entity"/> (a host, process or link key) at
/// <paramref name="Time"/>. <paramref name="Labels"/> annotate the sample (kept with raw rows only; rollups drop them):
/// a series is identified by entity and metric alone.
/// </summary>
public sealed record Sample(string Entity, string Metric, DateTimeOffset Time, double Value, IReadOnlyDictionary<string, string>? Labels = null);
