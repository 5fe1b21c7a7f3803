using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>What a real silo's history API holds for one host's metric, one point per stored sample.</summary>
internal static class SiloHistory
{
    /// <summary>A stored sample's time and how many samples share its 100 ms bucket (more than one is a duplicate).</summary>
    public readonly record struct StoredPoint(DateTimeOffset Time, int Count, double Last);

    /// <summary>
    /// The samples of <paramref name="metric"/> since <paramref name="from"/>, in 100 ms buckets: the collector samples
    /// at most once a second, so every sample has a bucket of its own and a count above one can only be a duplicate.
    /// </summary>
    public static async Task<IReadOnlyList<StoredPoint>> PointsAsync(HttpClient silo, string host, string metric, DateTimeOffset from)
    {
        var to = DateTimeOffset.UtcNow.AddSeconds(5);
        var url = $"/api/v1/history?entity={host}&metric={metric}&from={Format(from)}&to={Format(to)}&step=00:00:00.1";
        using var json = JsonDocument.Parse(await silo.GetStringAsync(url));
        return json.RootElement.EnumerateArray()
            .SelectMany(series => series.GetProperty("points").EnumerateArray())
            .Where(p => p.GetProperty("count").GetInt32() > 0)
            .Select(p => new StoredPoint(p.GetProperty("time").GetDateTimeOffset(), p.GetProperty("count").GetInt32(), p.GetProperty("last").GetDouble()))
            .OrderBy(p => p.Time)
            .ToList();
    }

    /// <summary>The host's twin as the API returns it, or null while it has not been observed.</summary>
    public static async Task<JsonElement?> TwinAsync(HttpClient silo, string host)
    {
        using var response = await silo.GetAsync($"/api/v1/hosts/{host}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    private static string Format(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}
