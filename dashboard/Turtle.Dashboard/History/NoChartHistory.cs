using Turtle.Actors.History;

namespace Turtle.Dashboard.History;

/// <summary>No history to read (a standalone dashboard not told where a silo's API is): charts start empty and fill live.</summary>
public sealed class NoChartHistory : IChartHistory
{
    public static NoChartHistory Instance { get; } = new();

    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HistorySeries>>([]);
}
