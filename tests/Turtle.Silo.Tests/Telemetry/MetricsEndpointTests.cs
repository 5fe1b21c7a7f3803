using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Telemetry;

/// <summary><c>/metrics</c> of a real silo host, read with a strict text-format parser: families, types, and counts that move with calls and ingest.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    private readonly SiloFactory _silo = new();
    private readonly HttpClient _http;

    public MetricsEndpointTests() => _http = _silo.CreateClient();

    public void Dispose() => _silo.Dispose();

    [Fact]
    public async Task Metrics_are_valid_text_format_with_the_documented_families_and_types()
    {
        var response = await _http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(response.Content.Headers.ContentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");

        var families = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        var expected = new Dictionary<string, string>
        {
            ["turtle_grain_calls_total"] = "counter",
            ["turtle_grain_call_duration_seconds"] = "histogram",
            ["turtle_grain_activations"] = "gauge",
            ["turtle_silo_status"] = "gauge",
            ["turtle_membership_silos"] = "gauge",
            ["turtle_ingest_requests_total"] = "counter",
            ["turtle_ingest_batches_total"] = "counter",
            ["turtle_ingest_bytes_total"] = "counter",
            ["turtle_collector_buffered_batches"] = "gauge",
            ["turtle_collector_buffered_bytes"] = "gauge",
            ["turtle_collector_dropped_batches"] = "gauge",
            ["turtle_collector_report_age_seconds"] = "gauge",
            ["turtle_collector_embedded_samples_total"] = "counter",
            ["turtle_changefeed_lag_seconds"] = "histogram",
            ["turtle_changefeed_connected"] = "gauge",
            ["turtle_replication_lag_seconds"] = "histogram",
            ["turtle_replication_applied_total"] = "counter",
            ["turtle_failover_epoch"] = "gauge",
            ["turtle_failover_phase"] = "gauge",
            ["turtle_silo_can_write"] = "gauge",
        };
        foreach (var (name, type) in expected)
        {
            Assert.True(families.TryGetValue(name, out var family), $"no family {name}");
            Assert.Equal(type, family.Type);
            Assert.False(string.IsNullOrWhiteSpace(family.Help), $"{name} has no HELP");
        }

        Assert.Equal(1, Value(families, "turtle_silo_status", ("status", "Active")));
        Assert.Equal(0, Value(families, "turtle_silo_status", ("status", "ShuttingDown")));
        Assert.Equal(1, Value(families, "turtle_membership_silos", ("status", "Active"), ("dc", "dc1")));
        Assert.Equal(1, Value(families, "turtle_failover_phase", ("phase", "Normal")));
    }

    [Fact]
    public async Task Calls_ingest_and_collector_reports_move_their_metrics()
    {
        var before = PrometheusText.Parse(await _http.GetStringAsync("/metrics"));

        var observation = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Examples, "host-full.json")))!;
        observation["self"] = new JsonObject { ["cpuPercent"] = 0.4, ["rssBytes"] = 20_000_000, ["bufferedBatches"] = 7, ["bufferedBytes"] = 4096, ["droppedBatches"] = 2 };
        var body = observation.ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(body)).StatusCode); // the same seq again: a duplicate
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{\"schema\":")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/hosts/dc1/udm-pro")).StatusCode);

        // Answers are counted once sent, which the client may see first: wait for the third. The change feed's lag is
        // recorded by a reader of the feed, as the stored observation's change reaches it.
        Dictionary<string, PrometheusFamily> after = [];
        await WaitUntilAsync(async () =>
        {
            after = PrometheusText.Parse(await _http.GetStringAsync("/metrics"));
            return Value(after, "turtle_ingest_requests_total", ("status", "400")) == 1
                   && Value(after, "turtle_changefeed_lag_seconds_count") > Value(before, "turtle_changefeed_lag_seconds_count");
        });
        Assert.True(Value(after, "turtle_changefeed_lag_seconds_sum") - Value(before, "turtle_changefeed_lag_seconds_sum") < 60,
            "a change just made is not a minute late");

        Assert.Equal(2, Value(after, "turtle_ingest_requests_total", ("status", "202")) - Value(before, "turtle_ingest_requests_total", ("status", "202")));
        Assert.Equal(1, Value(after, "turtle_ingest_batches_total", ("outcome", "stored")));
        Assert.Equal(1, Value(after, "turtle_ingest_batches_total", ("outcome", "duplicate")));
        Assert.True(Value(after, "turtle_ingest_bytes_total") >= 2 * Encoding.UTF8.GetByteCount(body));

        var observe = new[] { ("grain_interface", "Turtle.Twin.IHostGrain"), ("grain_method", "Observe") };
        Assert.True(Value(after, "turtle_grain_calls_total", [.. observe, ("outcome", "ok")]) >= 2,
            string.Join("\n", after["turtle_grain_calls_total"].Samples.Select(s => string.Join(",", s.Labels) + " " + s.Value)));
        Assert.True(Value(after, "turtle_grain_call_duration_seconds_count", observe) >= 2);
        var activations = after["turtle_grain_activations"].Samples;
        Assert.True(Value(after, "turtle_grain_activations", ("grain_type", "host")) == 1,
            string.Join("\n", activations.Select(s => string.Join(",", s.Labels) + " " + s.Value)));

        var collector = new[] { ("collector", "udm-pro-agent"), ("host", "dc1/udm-pro") };
        Assert.Equal(7, Value(after, "turtle_collector_buffered_batches", collector));
        Assert.Equal(4096, Value(after, "turtle_collector_buffered_bytes", collector));
        Assert.Equal(2, Value(after, "turtle_collector_dropped_batches", collector));

        AssertHistogramsConsistent(after);
    }

    [Fact]
    public async Task Prometheus_own_promtool_accepts_the_metrics_without_a_lint_warning()
    {
        var observation = await File.ReadAllTextAsync(Path.Combine(Examples, "host-full.json"));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(observation)).StatusCode);
        var text = await _http.GetStringAsync("/metrics");

        var promtool = Environment.GetEnvironmentVariable("TURTLE_PROMTOOL") is { Length: > 0 } configured ? configured
            : throw new InvalidOperationException("TURTLE_PROMTOOL is not set: run ./scripts/test, or `export TURTLE_PROMTOOL=\"$(scripts/promtool)\"`.");
        var start = new System.Diagnostics.ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // Exit 0 and silence: parsed, and nothing for its linter to say (names, units, _total on counters, HELP text).
        var said = (await stdout + await stderr).Trim();
        Assert.True(process.ExitCode == 0 && said.Length == 0, $"promtool check metrics exited {process.ExitCode}: {said}");
        Assert.Contains("turtle_ingest_batches_total", text);
    }

    /// <summary>Per series: buckets cumulative (never decreasing as le grows), +Inf present and equal to _count.</summary>
    internal static void AssertHistogramsConsistent(Dictionary<string, PrometheusFamily> families)
    {
        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            foreach (var series in family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))))
            {
                var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal))
                    .Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], System.Globalization.CultureInfo.InvariantCulture), s.Value))
                    .ToList();
                Assert.Equal(buckets.OrderBy(b => b.Le).ToList(), buckets);
                for (var i = 1; i < buckets.Count; i++)
                {
                    Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{family.Name}{{{series.Key}}} buckets are not cumulative");
                }

                Assert.True(double.IsPositiveInfinity(buckets[^1].Le), $"{family.Name}{{{series.Key}}} has no +Inf bucket");
                var count = Assert.Single(series, s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value;
                Assert.Equal(count, buckets[^1].Value);
                Assert.Single(series, s => s.Name.EndsWith("_sum", StringComparison.Ordinal));
            }
        }
    }

    internal static double Value(Dictionary<string, PrometheusFamily> families, string sampleName, params (string Name, string Value)[] labels)
    {
        var familyName = families.ContainsKey(sampleName) ? sampleName : sampleName[..sampleName.LastIndexOf('_')];
        if (!families.TryGetValue(familyName, out var family))
        {
            return 0;
        }

        return family.Samples.Where(s => s.Name == sampleName && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsync("/api/v1/observations", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }
}
