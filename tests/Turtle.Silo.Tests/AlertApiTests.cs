using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Turtle.Silo.Tests;

/// <summary>
/// Alerts through the real silo host: observations that cross a rule's threshold fire an alert in
/// <c>GET /api/v1/alerts</c>, values inside the hysteresis band keep it firing, a value past the clear level resolves
/// it; the alert survives a restart; bad filters and bad rules are refused with messages naming what is wrong.
/// </summary>
public sealed class AlertApiTests
{
    /// <summary>One rule, firing at once (for: 0) so the test does not wait on the real clock.</summary>
    internal static Dictionary<string, string?> DiskRule(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Turtle:Alerts:Rules:0:Name"] = "disk-full",
            ["Turtle:Alerts:Rules:0:Metric"] = "fs[*].used_percent",
            ["Turtle:Alerts:Rules:0:Above"] = "90",
            ["Turtle:Alerts:Rules:0:Clear"] = "85",
            ["Turtle:Alerts:Rules:0:Severity"] = "critical",
            ["Turtle:Alerts:Rules:0:Summary"] = "Disk almost full",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task An_alert_fires_when_observations_cross_the_threshold_holds_in_the_band_and_resolves_past_the_clear_level()
    {
        using var silo = new SiloFactory(DiskRule());
        using var http = silo.CreateClient();

        await PostAsync(http, "nas", 1, dataPercent: 95);
        var firing = await GetAsync(http, "/api/v1/alerts");
        Assert.Equal(1, (int)firing["counts"]!["firing"]!);
        Assert.Equal(1, (int)firing["counts"]!["critical"]!);
        var host = Assert.Single((JsonArray)firing["hosts"]!)!;
        Assert.Equal("dc1/nas", (string)host["host"]!);
        Assert.Equal("Critical", (string)host["worst"]!);
        var alert = Assert.Single((JsonArray)host["alerts"]!)!;
        Assert.Equal("disk-full", (string)alert["rule"]!);
        Assert.Equal("/data", (string)alert["instance"]!);
        Assert.Equal("Firing", (string)alert["state"]!);
        Assert.Equal(95, (double)alert["value"]!, 3);
        Assert.Equal(90, (double)alert["threshold"]!);
        Assert.Equal(85, (double)alert["clearThreshold"]!);
        Assert.Equal("dc1/nas:disk-full:/data", (string)alert["key"]!);

        await PostAsync(http, "nas", 2, dataPercent: 87); // below the threshold, above the clear level
        var held = await GetAsync(http, "/api/v1/alerts");
        var heldAlert = Assert.Single((JsonArray)Assert.Single((JsonArray)held["hosts"]!)!["alerts"]!)!;
        Assert.Equal("Firing", (string)heldAlert["state"]!);
        Assert.Equal(87, (double)heldAlert["value"]!, 3);
        Assert.Equal((string)alert["firingSince"]!, (string)heldAlert["firingSince"]!);

        await PostAsync(http, "nas", 3, dataPercent: 80);
        Assert.Empty((JsonArray)(await GetAsync(http, "/api/v1/alerts"))["hosts"]!);
        var resolved = await GetAsync(http, "/api/v1/alerts?state=resolved&dc=dc1&host=nas*");
        var gone = Assert.Single((JsonArray)Assert.Single((JsonArray)resolved["hosts"]!)!["alerts"]!)!;
        Assert.Equal("Resolved", (string)gone["state"]!);
        Assert.Equal(80, (double)gone["value"]!, 3);
        Assert.Equal(95, (double)gone["peak"]!, 3);
        Assert.Equal(1, (int)resolved["counts"]!["resolved"]!);

        // The twin carries them too, and the other filters select nothing here.
        var twin = await GetAsync(http, "/api/v1/hosts/dc1/nas");
        Assert.Empty((JsonArray)twin["alerts"]!);
        Assert.Single((JsonArray)twin["resolvedAlerts"]!);
        Assert.Empty((JsonArray)(await GetAsync(http, "/api/v1/alerts?state=all&severity=warning,info"))["hosts"]!);
        Assert.Empty((JsonArray)(await GetAsync(http, "/api/v1/alerts?state=all&dc=dc2"))["hosts"]!);
        Assert.Empty((JsonArray)(await GetAsync(http, "/api/v1/alerts?state=all&host=gw"))["hosts"]!);
    }

    [Fact]
    public async Task A_firing_alert_is_kept_in_the_twins_stored_state_across_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("turtle-alerts-").FullName;
        try
        {
            var settings = DiskRule(new() { ["Turtle:DataDir"] = dataDir });
            using (var first = new SiloFactory(settings))
            {
                using var http = first.CreateClient();
                await PostAsync(http, "nas", 1, dataPercent: 99);
                Assert.Single((JsonArray)(await GetAsync(http, "/api/v1/alerts"))["hosts"]!);
            }

            using var second = new SiloFactory(settings);
            using var again = second.CreateClient();
            var alert = Assert.Single((JsonArray)Assert.Single((JsonArray)(await GetAsync(again, "/api/v1/alerts"))["hosts"]!)!["alerts"]!)!;
            Assert.Equal("Firing", (string)alert["state"]!);

            await PostAsync(again, "nas", 2, dataPercent: 50);
            Assert.Equal(1, (int)(await GetAsync(again, "/api/v1/alerts?state=resolved"))["counts"]!["resolved"]!);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("state=burning", "state", "'burning' is not an alert state; use firing, pending, resolved, active or all.")]
    [InlineData("severity=warning,page", "severity", "'page' is not a severity; use info, warning or critical.")]
    [InlineData("state=1", "state", "'1' is not an alert state; use firing, pending, resolved, active or all.")]
    [InlineData("dc=DC%201", "dc", "'DC 1' is not a DC name.")]
    public async Task A_bad_filter_is_a_problem_naming_the_parameter(string query, string parameter, string message)
    {
        using var silo = new SiloFactory(DiskRule());
        using var http = silo.CreateClient();

        var response = await http.GetAsync("/api/v1/alerts?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, (string)problem["errors"]![parameter]![0]!);
    }

    [Fact]
    public void A_bad_rules_file_stops_start_up_naming_the_file_rule_and_field()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "rules:\n  - name: disk\n    metric: fs[*].used_percent\n    above: 90\n    for: five minutes\n");
            using var silo = new SiloFactory(new() { ["Turtle:Alerts:RulesPath"] = file });

            var error = Assert.ThrowsAny<OptionsValidationException>(() => silo.CreateClient());

            Assert.Contains($"Alert rule 'disk' (rules[0] in {file}): 'for' is 'five minutes', not a duration (30s, 5m, 1h, 00:05:00).", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_rules_file_stops_start_up_naming_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-rules-{Guid.NewGuid():N}.yaml");
        using var silo = new SiloFactory(new() { ["Turtle:Alerts:RulesPath"] = missing });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => silo.CreateClient());

        Assert.Contains($"Turtle:Alerts:RulesPath: the alert rules file {missing} cannot be read", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Posts one batch for <c>dc1/{host}</c> whose <c>/data</c> filesystem is <paramref name="dataPercent"/> full.</summary>
    internal static async Task PostAsync(HttpClient http, string host, long seq, double dataPercent)
    {
        var used = (long)(dataPercent * 10_000_000);
        var body = $$$"""
            {"schema":"turtle.observation/v1","collector":"{{{host}}}-agent","seq":{{{seq}}},"dc":"dc1","host":"{{{host}}}",
             "metrics":{"cpu":{"percent":5},"filesystems":[{"mount":"/","sizeBytes":1000000000,"usedBytes":100000000},
                                                           {"mount":"/data","sizeBytes":1000000000,"usedBytes":{{{used.ToString(CultureInfo.InvariantCulture)}}}}]}}
            """;
        var response = await http.PostAsync("/api/v1/observations", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    internal static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
