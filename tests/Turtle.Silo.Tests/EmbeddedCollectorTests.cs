using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests;

/// <summary>The embedded default twins the machine it runs on, with no collector to start.</summary>
public sealed class EmbeddedCollectorTests
{
    [Fact]
    public async Task The_silo_observes_its_own_machine_and_its_twin_fills_with_metrics()
    {
        using var silo = new SiloFactory(new() { ["Turtle:Collector:Enabled"] = "true", ["Turtle:Collector:IntervalSeconds"] = "1", ["Turtle:Collector:Host"] = "this-machine" });
        using var http = silo.CreateClient();

        // Rates need two samples: wait (bounded) until CPU appears.
        JsonNode? host = null;
        for (var attempt = 0; attempt < 100 && host?["metrics"]?["cpu"] is null; attempt++)
        {
            await Task.Delay(100);
            var response = await http.GetAsync("/api/v1/hosts/dc1/this-machine");
            host = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
        }

        Assert.NotNull(host?["metrics"]?["cpu"]);
        Assert.InRange((double)host["metrics"]!["cpu"]!["percent"]!, 0, 100);
        Assert.True((long)host["metrics"]!["memory"]!["totalBytes"]! > 0);
        Assert.False(string.IsNullOrEmpty((string?)host["facts"]?["kernel"]));
        Assert.NotEmpty((JsonArray)host["processes"]!);
    }
}
