using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors;
using Turtle.Actors.TestGrains;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Tests;

/// <summary>
/// An observer silo refuses writes at both doors: ingest answers 409 problem+json and stores nothing, and a grain
/// activated on it cannot write its state (<see cref="ReadOnlySiloException"/>, naming where writes go). Reads work.
/// </summary>
public class ObserverSiloTests
{
    private static SiloFactory Observer() => new(new Dictionary<string, string?>
    {
        ["Turtle:Dc"] = "dc3",
        ["Turtle:Role"] = "observer",
        ["Turtle:GrainAssemblies:0"] = Path.Combine(AppContext.BaseDirectory, "Turtle.Actors.TestGrains.dll"),
    });

    [Fact]
    public async Task Ingest_at_an_observer_is_409_problem_json_and_stores_nothing()
    {
        await using var silo = Observer();
        using var http = silo.CreateClient();
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "host-full.json"));

        using var response = await http.PostAsync("/api/v1/observations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Read-only observer", problem.GetProperty("title").GetString());
        Assert.Contains("read-only observer", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/hosts/dc1/udm-pro")).StatusCode);
        var failover = await http.GetFromJsonAsync<JsonElement>("/api/v1/failover");
        Assert.False(failover.GetProperty("thisSilo").GetProperty("canWrite").GetBoolean());
    }

    [Fact]
    public async Task A_grain_on_an_observer_cannot_write_its_state_and_says_why()
    {
        await using var silo = Observer();
        _ = silo.CreateClient();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        var refused = await Assert.ThrowsAsync<ReadOnlySiloException>(() => grains.GetGrain<ITallyGrain>("t").Add("a", 1));

        Assert.Contains("read-only observer", refused.Message);
        // Nothing was stored: the grain's state still has no etag (its copy in memory is the grain's own business).
        Assert.Null(await grains.GetGrain<ITallyGrain>("t").Etag());
    }
}
