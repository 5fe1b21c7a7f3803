using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests;

/// <summary>
/// The ingest and query API of a real silo host: the schema examples in docs/ are posted as they are, and what the
/// docs promise (values in the query API, exact errors, nothing changed by bad input) is checked.
/// </summary>
public sealed class TwinApiTests : IDisposable
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    private readonly SiloFactory _silo = new();
    private readonly HttpClient _http;

    public TwinApiTests() => _http = _silo.CreateClient();

    public void Dispose() => _silo.Dispose();

    public static TheoryData<string> InvalidExamples() =>
        [.. Directory.EnumerateFiles(Path.Combine(Examples, "invalid"), "*.json").Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal)).Order().Select(f => Path.GetFileName(f))];

    [Fact]
    public async Task The_full_example_appears_in_the_query_api_with_its_values()
    {
        var response = await PostFileAsync("host-full.json");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await ReadJsonAsync(response);
        Assert.Equal("""{"collector":"udm-pro-agent","seq":1,"host":"dc1/udm-pro","duplicate":false}""", ack.ToJsonString());

        var host = await GetJsonAsync("/api/v1/hosts/dc1/udm-pro");
        Assert.Equal(23.5, (double)host["metrics"]!["cpu"]!["percent"]!);
        Assert.Equal("Annapurna Labs Alpine V2 (Cortex-A57)", (string)host["facts"]!["cpuModel"]!);
        // /data is 88 % full: the default filesystem rule warns from 85 %.
        Assert.Equal("Warning", (string)host["health"]!);
        Assert.Equal("fs[/data].used_percent", (string)host["findings"]![0]!["metric"]!);

        var hosts = (JsonArray)(await GetJsonAsync("/api/v1/hosts?dc=dc1&health=warning"));
        Assert.Equal("dc1/udm-pro", (string)Assert.Single(hosts)!["key"]!);
        Assert.Empty((JsonArray)(await GetJsonAsync("/api/v1/hosts?health=Critical")));

        var dc = await GetJsonAsync("/api/v1/dcs/dc1");
        Assert.Equal(1, (int)dc["hostCount"]!);

        var history = (JsonArray)await GetJsonAsync("/api/v1/history?entity=dc1/udm-pro&metric=temp[cpu].celsius&step=10s");
        var point = Assert.Single((JsonArray)history[0]!["points"]!);
        Assert.Equal(61.5, (double)point!["last"]!);
        Assert.Equal("Raw", (string)history[0]!["tier"]!);
    }

    [Fact]
    public async Task Processes_and_links_of_the_second_example_are_queryable_and_in_the_graph()
    {
        await PostFileAsync("host-full.json");
        Assert.Equal(HttpStatusCode.Accepted, (await PostFileAsync("host-with-processes-and-links.json")).StatusCode);

        var processes = (JsonArray)await GetJsonAsync("/api/v1/hosts/dc2/nas/processes");
        Assert.Equal(["restic", "postgres", "sshd"], processes.Select(p => (string)p!["name"]!).ToArray());
        var restic = await GetJsonAsync($"/api/v1/hosts/dc2/nas/processes/2210@{new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()}");
        Assert.Equal(98.0, (double)restic["cpuPercent"]!);
        var exited = await GetJsonAsync($"/api/v1/hosts/dc2/nas/processes/2101@{new DateTimeOffset(2026, 11, 22, 8, 59, 40, TimeSpan.Zero).ToUnixTimeSeconds()}");
        Assert.True((bool)exited["exited"]!);
        Assert.Equal(0, (int)exited["exitCode"]!);

        var links = (JsonArray)await GetJsonAsync("/api/v1/links");
        Assert.Equal(["dc2/nas->dc1/udm-pro", "dc2/nas->dc3"], links.Select(l => (string)l!["key"]!).ToArray());
        var link = await GetJsonAsync("/api/v1/links/dc2/nas->dc1/udm-pro");
        Assert.Equal(11.8, (double)link["rttMs"]!);

        var graph = await GetJsonAsync("/api/v1/graph");
        var edges = ((JsonArray)graph["edges"]!).Select(e => $"{e!["from"]} {e["kind"]} {e["to"]}").ToHashSet();
        Assert.Contains("dc1 Contains dc1/udm-pro", edges);
        Assert.Contains("dc2 Contains dc2/nas", edges);
        Assert.Contains("dc2/nas Link dc1/udm-pro", edges);
        Assert.Contains("dc2/nas Link dc3", edges);
        Assert.Equal(3, edges.Count(e => e.StartsWith("dc2/nas Runs ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public async Task Every_invalid_example_gets_its_documented_problem_and_changes_nothing(string file)
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Examples, "invalid", Path.ChangeExtension(file, ".expected.json"))))!;

        var response = await PostFileAsync(Path.Combine("invalid", file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal((int)expected["status"]!, (int)problem["status"]!);
        Assert.Equal((string)expected["title"]!, (string)problem["title"]!);
        Assert.True(JsonNode.DeepEquals(expected["errors"], problem["errors"]), $"errors differ: {problem["errors"]}");
        Assert.Empty((JsonArray)await GetJsonAsync("/api/v1/hosts"));
    }

    [Fact]
    public async Task A_replay_is_acknowledged_again_and_stored_once()
    {
        await PostFileAsync("host-full.json");

        var replay = await ReadJsonAsync(await PostFileAsync("host-full.json"));

        Assert.True((bool)replay["duplicate"]!);
        var history = (JsonArray)await GetJsonAsync("/api/v1/history?entity=dc1/udm-pro&metric=cpu.percent&step=10s");
        Assert.Equal(1, (int)history[0]!["points"]![0]!["count"]!);
    }

    [Fact]
    public async Task A_gzip_body_is_accepted()
    {
        var json = await File.ReadAllBytesAsync(Path.Combine(Examples, "host-full.json"));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(json);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await _http.PostAsync("/api/v1/observations", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(23.5, (double)(await GetJsonAsync("/api/v1/hosts/dc1/udm-pro"))["metrics"]!["cpu"]!["percent"]!);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_even_when_it_arrives_compressed()
    {
        var huge = Encoding.UTF8.GetBytes(new string(' ', 1024 * 1024) + "{}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(huge, "application/json")).StatusCode);

        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(huge);
        }

        Assert.True(compressed.Length < 64 * 1024);
        var response = await PostAsync(compressed.ToArray(), "application/json", "gzip");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/x-www-form-urlencoded", null)]
    [InlineData("application/json", "br")]
    public async Task A_wrong_content_type_or_encoding_is_415_with_an_explanation(string type, string? encoding)
    {
        var response = await PostAsync(await File.ReadAllBytesAsync(Path.Combine(Examples, "host-full.json")), type, encoding);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Contains(encoding is null ? "application/json" : "gzip", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty((JsonArray)await GetJsonAsync("/api/v1/hosts"));
    }

    [Fact]
    public async Task Malformed_json_is_400_with_where_it_broke()
    {
        var response = await PostAsync("""{"schema": "turtle.observation/v1", "seq": 1,"""u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)(await ReadJsonAsync(response))["errors"]!["$"]![0]!;
        Assert.StartsWith("is not valid JSON (line 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_dc_is_422_when_the_fleet_names_its_dcs()
    {
        using var silo = new SiloFactory(new() { ["Turtle:Ingest:Dcs:0"] = "dc1" });
        using var http = silo.CreateClient();
        var body = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Examples, "host-with-processes-and-links.json")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await http.PostAsync("/api/v1/observations", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("'dc2'", (string)(await ReadJsonAsync(response))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/hosts/dc2/nas")).StatusCode);
    }

    [Fact]
    public async Task A_hosts_predictions_name_their_method_and_confidence_and_say_when_history_is_too_short()
    {
        await PostFileAsync("host-full.json");

        var predictions = await GetJsonAsync("/api/v1/hosts/dc1/udm-pro/predictions");

        Assert.Equal("dc1/udm-pro", (string)predictions["host"]!);
        var disks = (JsonArray)predictions["disks"]!;
        Assert.Contains("/data", disks.Select(d => (string)d!["mount"]!));
        Assert.All(disks, d => Assert.Equal("InsufficientData", (string)d!["trend"]!));
        Assert.All(disks, d => Assert.Null(d!["fullAt"]));
        var forecasts = (JsonArray)predictions["forecasts"]!;
        Assert.Equal(["cpu.percent", "memory.used_percent"], forecasts.Select(f => (string)f!["metric"]!).ToArray());
        Assert.All(forecasts, f => Assert.Equal(0, (double)f!["confidence"]!));
        Assert.All(forecasts, f => Assert.NotNull((string?)f!["method"]));
        Assert.Empty((JsonArray)predictions["anomalies"]!);
    }

    [Fact]
    public async Task Four_days_of_a_filling_disk_give_an_eta_near_the_true_one_and_a_measured_24_hour_forecast()
    {
        var history = new FillingHostHistory();
        using var silo = new SiloFactory(FillingHostHistory.SiloSettings.ToDictionary(s => s.Key, s => (string?)s.Value));
        using var http = silo.CreateClient();
        await history.PostAsync(http);

        var predictions = await history.WaitForPredictionsAsync(http, TimeSpan.FromSeconds(60));

        var disk = Assert.Single((JsonArray)predictions["disks"]!)!;
        Assert.Equal("Rising", (string)disk["trend"]!);
        var fullAt = Time(disk["fullAt"]);
        // 8 days ahead; Theil-Sen over hourly means of ±2 GB noise lands within 2 % (about 4 h) of the noiseless line.
        Assert.InRange((fullAt - history.TrueFullAt).Duration(), TimeSpan.Zero, TimeSpan.FromHours(4));
        // The likely range combines the slope's 95 % interval with the noise of the latest value: it holds the truth.
        Assert.True(Time(disk["fullAtEarliest"]) < fullAt && fullAt < Time(disk["fullAtLatest"]), disk.ToJsonString());
        Assert.InRange(history.TrueFullAt, Time(disk["fullAtEarliest"]), Time(disk["fullAtLatest"]));
        Assert.InRange((double)disk["growthBytesPerDay"]!, 0.98 * FillingHostHistory.GrowthBytesPerDay, 1.02 * FillingHostHistory.GrowthBytesPerDay);
        Assert.InRange((double)disk["confidence"]!, 0.8, 1);

        var forecasts = (JsonArray)predictions["forecasts"]!;
        Assert.Equal(["cpu.percent", "memory.used_percent"], forecasts.Select(f => (string)f!["metric"]!).ToArray());
        foreach (var forecast in forecasts)
        {
            Assert.StartsWith("additive Holt-Winters", (string)forecast!["method"]!);
            Assert.Equal("00:30:00", (string)forecast["step"]!);
            var points = (JsonArray)forecast["points"]!;
            // 48 half-hours: the next 24 hours, each with its 80 % band around it.
            Assert.Equal(48, points.Count);
            Assert.Equal(TimeSpan.FromHours(23.5), Time(points[^1]!["time"]) - Time(points[0]!["time"]));
            Assert.All(points, p => Assert.True((double)p!["low"]! <= (double)p["value"]! && (double)p["value"]! <= (double)p["high"]!, p.ToJsonString()));
            // Four days is enough to hold the last one out and measure the forecast on it.
            Assert.StartsWith("held out the last 24 h", (string)forecast["confidenceBasis"]!);
            Assert.InRange((double)forecast["confidence"]!, 0.8, 1);
            Assert.InRange(Time(forecast["peak"]!["time"]).UtcDateTime.TimeOfDay.TotalHours, 12, 16);
        }
    }

    [Theory]
    [InlineData("/api/v1/hosts/dc1/nowhere")]
    [InlineData("/api/v1/hosts/dc1/nowhere/processes")]
    [InlineData("/api/v1/hosts/dc1/nowhere/predictions")]
    [InlineData("/api/v1/hosts/NOT A DC/x")]
    [InlineData("/api/v1/dcs/dc7")]
    [InlineData("/api/v1/links/dc1/a->dc2/b")]
    [InlineData("/api/v1/hosts/dc1/a/processes/1@2")]
    public async Task Unknown_ids_are_404_problems(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/hosts?health=sick")]
    [InlineData("/api/v1/history?metric=cpu.percent")]
    [InlineData("/api/v1/history?entity=dc1/a&metric=cpu.percent&step=0s")]
    [InlineData("/api/v1/history?entity=dc1/a&metric=cpu.percent&from=2026-11-22T10:00:00Z&to=2026-11-22T09:00:00Z")]
    public async Task Bad_query_parameters_are_400_problems(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_twin_api()
    {
        var document = await GetJsonAsync("/openapi/v1.json");

        var paths = ((JsonObject)document["paths"]!).Select(p => p.Key).ToHashSet();
        foreach (var path in new[] { "/api/v1/observations", "/api/v1/dcs", "/api/v1/dcs/{dc}", "/api/v1/hosts", "/api/v1/hosts/{dc}/{host}",
                     "/api/v1/hosts/{dc}/{host}/processes", "/api/v1/hosts/{dc}/{host}/predictions", "/api/v1/alerts", "/api/v1/links", "/api/v1/graph", "/api/v1/history", "/api/v1/changes" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task The_change_feed_streams_a_hosts_change_as_a_server_sent_event()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/changes?prefix=dc1/");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal("event: ready", await reader.ReadLineAsync(timeout.Token));

        // The feed subscription may still be settling: post until the change arrives (bounded by the timeout).
        string? data = null;
        for (var seq = 1; data is null && !timeout.IsCancellationRequested; seq++)
        {
            var batch = """{"schema":"turtle.observation/v1","collector":"sse","dc":"dc1","host":"sse-host","metrics":{"cpu":{"percent":5}},"seq":""" + seq + "}";
            await PostAsync(Encoding.UTF8.GetBytes(batch), "application/json");
            var read = reader.ReadLineAsync(timeout.Token).AsTask();
            while (await Task.WhenAny(read, Task.Delay(500)) == read)
            {
                var line = await read;
                if (line is not null && line.StartsWith("data: {\"key\":\"dc1/sse-host\"", StringComparison.Ordinal))
                {
                    data = line;
                    break;
                }

                read = reader.ReadLineAsync(timeout.Token).AsTask();
            }
        }

        Assert.NotNull(data);
        var change = JsonNode.Parse(data["data: ".Length..])!;
        Assert.Equal("Host", (string)change["kind"]!);
        Assert.True((long)change["version"]! >= 1);
    }

    private async Task<HttpResponseMessage> PostFileAsync(string file) =>
        await PostAsync(await File.ReadAllBytesAsync(Path.Combine(Examples, file)), "application/json");

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return await _http.PostAsync("/api/v1/observations", content);
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");
}
