using Turtle.Actors.History;

namespace Turtle.Dashboard.History;

/// <summary>
/// Where the dashboard reads chart history: the silo's own history store when it runs in a silo, a silo's history
/// API when it runs standalone. Read-only: the dashboard never writes history.
/// </summary>
public interface IChartHistory
{
    Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Chart history straight from the history store of the silo the dashboard runs in.</summary>
public sealed class StoreChartHistory(IHistoryStore store) : IChartHistory
{
    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) => store.QueryAsync(query, cancellationToken);
}
