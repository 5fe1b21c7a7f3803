using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Actors.History;

namespace Turtle.Examples.Headroom;

/// <summary>
/// History is not a grain: it lives in each silo's history store and is read through <c>GET /api/v1/history</c> of any
/// silo (observers included). One request per metric, with every entity in it. With authentication on (the shipped
/// default) every request carries a bearer token; a viewer's is enough.
/// </summary>
public sealed class HistoryClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly HttpClient _http;

    public HistoryClient(Uri api, string? token = null)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

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
            // A 401 means the silo runs with authentication (the shipped default): say how to give a token.
            var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " (give an API token with --token or TURTLE_TOKEN)" : "";
            throw new HttpRequestException($"GET /api/v1/history answered {(int)response.StatusCode}{hint}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<List<HistorySeries>>(Json) ?? [];
    }

    public void Dispose() => _http.Dispose();
}
