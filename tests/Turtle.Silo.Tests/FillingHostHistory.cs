using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests;

/// <summary>
/// Four days of one host's life, posted through <c>POST /api/v1/observations</c> back-dated, as a collector that was
/// offline would send them late: ingest accepts samples as old as the raw retention (7 days), so a fresh silo gets
/// real history without reaching into its store. Every 10 minutes: <c>/data</c> (1 TB) filling
/// <see cref="GrowthBytesPerDay"/> with ±2 GB of seeded noise, CPU and memory on a daily wave peaking at 14:00 UTC.
/// The truths the predictions are checked against (<see cref="TrueFullAt"/>) are computed from the same formulas.
/// </summary>
public sealed class FillingHostHistory
{
    public const string Host = "dc1/filling";
    public const string Mount = "/data";
    public const long SizeBytes = 1_000_000_000_000;
    public const double GrowthBytesPerDay = 50e9;
    public const int Days = 4;
    private const double StartUsedBytes = 400e9;
    private const double NoiseBytes = 2e9;
    private const int BatchesPerRequest = 200; // about 100 KB a request, well under the 1 MiB body limit
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What the silo needs for the test to be quick: history rolled up every second (the backfill lands in periods
    /// already rolled, which the next pass folds again) and predictions recomputed every 2 s instead of 10 minutes.
    /// Keys in configuration form (<c>Turtle:History:…</c>); <see cref="EnvironmentSettings"/> for a silo process.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>
    {
        ["Turtle:History:MaintenancePeriod"] = "00:00:01",
        ["Turtle:Twin:PredictionInterval"] = "00:00:02",
    };

    public static IEnumerable<KeyValuePair<string, string>> EnvironmentSettings =>
        SiloSettings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>The time of the last observation: the start of the current minute, so it is never in the silo's future.</summary>
    public DateTimeOffset Now { get; } = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public DateTimeOffset First => Now - TimeSpan.FromDays(Days);

    /// <summary>When the noiseless line reaches the size: 400 GB left at 50 GB a day, 8 days after <see cref="Now"/>.</summary>
    public DateTimeOffset TrueFullAt => Now + TimeSpan.FromDays((SizeBytes - UsedBytes(Now, noise: 0)) / GrowthBytesPerDay);

    /// <summary>Posts every observation, oldest first, in a few requests; each must be accepted.</summary>
    public async Task PostAsync(HttpClient http)
    {
        var random = new Random(7);
        var batch = new JsonArray();
        var seq = 1;
        for (var time = First; time <= Now; time += Interval)
        {
            batch.Add(Observation(seq++, time, random));
            if (batch.Count == BatchesPerRequest || time + Interval > Now)
            {
                using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/observations", content);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                batch = [];
            }
        }
    }

    /// <summary>
    /// Waits until the history API answers every hour of the backfill from its hour tier (what the disk trend reads),
    /// then until the twin has computed its predictions after that, and returns them as the API answers them.
    /// </summary>
    public async Task<JsonNode> WaitForPredictionsAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var query = $"/api/v1/history?entity={Host}&metric=fs[{Mount}].used_bytes&step=01:00:00" +
                    $"&from={Iso(Floor(First, TimeSpan.FromHours(1)))}&to={Iso(Floor(Now, TimeSpan.FromHours(1)))}";
        while (true)
        {
            var series = JsonNode.Parse(await http.GetStringAsync(query))!.AsArray();
            if (series.Count == 1 && series[0]!["points"]!.AsArray().Count >= Days * 24)
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The backfill was not in the hour tier within {timeout}: {series.ToJsonString()}");
            await Task.Delay(500);
        }

        var historyComplete = DateTimeOffset.UtcNow;
        while (true)
        {
            var predictions = JsonNode.Parse(await http.GetStringAsync($"/api/v1/hosts/{Host}/predictions"))!;
            if (DateTimeOffset.Parse((string)predictions["computedAt"]!, CultureInfo.InvariantCulture) > historyComplete)
            {
                return predictions;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No predictions computed after the history was complete within {timeout}");
            await Task.Delay(500);
        }
    }

    private JsonObject Observation(int seq, DateTimeOffset time, Random random)
    {
        // A wave of one day, highest at 14:00 UTC.
        var wave = Math.Sin(2 * Math.PI * (time.UtcDateTime.TimeOfDay.TotalHours - 8) / 24);
        var cpu = 40 + 20 * wave + 4 * (random.NextDouble() - 0.5);
        var memoryUsed = 0.55 + 0.05 * wave + 0.01 * (random.NextDouble() - 0.5);
        const long memory = 8L << 30;
        return new JsonObject
        {
            ["schema"] = "turtle.observation/v1",
            ["collector"] = "filling-agent",
            ["seq"] = seq,
            ["dc"] = "dc1",
            ["host"] = "filling",
            ["time"] = Iso(time),
            ["interval"] = (int)Interval.TotalSeconds,
            ["metrics"] = new JsonObject
            {
                ["cpu"] = new JsonObject { ["percent"] = Math.Round(cpu, 2) },
                ["load"] = new JsonObject { ["avg1"] = Math.Round(cpu / 25, 2), ["avg5"] = 1.0, ["avg15"] = 1.0 },
                ["memory"] = new JsonObject { ["totalBytes"] = memory, ["availableBytes"] = (long)(memory * (1 - memoryUsed)) },
                ["filesystems"] = new JsonArray(new JsonObject
                {
                    ["mount"] = Mount,
                    ["sizeBytes"] = SizeBytes,
                    ["usedBytes"] = (long)UsedBytes(time, NoiseBytes * 2 * (random.NextDouble() - 0.5)),
                }),
            },
        };
    }

    private double UsedBytes(DateTimeOffset time, double noise) => StartUsedBytes + GrowthBytesPerDay * (time - First).TotalDays + noise;

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step) => new(time.Ticks / step.Ticks * step.Ticks, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
