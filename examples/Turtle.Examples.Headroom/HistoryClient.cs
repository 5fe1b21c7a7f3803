using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Actors.History;

namespace Turtle.Examples.Headroom;

/// <summary>
/// History is not a grain: it lives in each silo's history store and is read through <c>GET /api/v1/history</c> of any
/// silo (observers included). One request per metric, with every entity in it.
/// </summary>
public sealed class HistoryClient(Uri api) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IReadOnlyList<HistorySeries>> GetAsync(IEnumerable<string> entities, string metric, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var query = string.Join("&", entities.Select(e => "entity=" + Uri.EscapeDataString(e))
            .Append("metric=" + Uri.EscapeDataString(metric))
            .Append("from=" + Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))
            .Append("to=" + Uri.EscapeDataString(to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))
            .Append("step=" + Uri.EscapeDataString(step.ToString("c", CultureInfo.InvariantCulture))));
        using var response = await _http.GetAsync("/api/v1/history?" + query);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /api/v1/history answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<List<HistorySeries>>(Json) ?? [];
    }

    public void Dispose() => _http.Dispose();
}
