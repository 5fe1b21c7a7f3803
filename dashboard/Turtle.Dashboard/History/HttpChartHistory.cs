using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Actors.History;

namespace Turtle.Dashboard.History;

/// <summary>
/// Chart history from a silo's <c>GET /api/v1/history</c>, for a standalone dashboard: history lives in the silos'
/// database, which a dashboard in another site should not need credentials for.
/// </summary>
public sealed class HttpChartHistory(HttpClient http) : IChartHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/history?metric={Uri.EscapeDataString(query.Metric)}&from={Uri.EscapeDataString(query.From.ToString("O"))}&to={Uri.EscapeDataString(query.To.ToString("O"))}&step={query.Step.TotalSeconds}s");
        foreach (var entity in query.Entities)
        {
            url += "&entity=" + Uri.EscapeDataString(entity);
        }

        return await http.GetFromJsonAsync<List<HistorySeries>>(url, Json, cancellationToken) ?? [];
    }
}
