using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Turtle.Silo.Tests;

public class ClusterApiTests
{
    [Fact]
    public async Task A_single_silo_lists_itself_as_active()
    {
        await using var factory = new SiloFactory(new() { ["Turtle:SiloName"] = "dc1-solo", ["Turtle:Dc"] = "dc1" });
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/cluster/silos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var silos = await response.Content.ReadFromJsonAsync<JsonElement>();
        var silo = Assert.Single(silos.EnumerateArray());
        Assert.Equal("dc1-solo", silo.GetProperty("name").GetString());
        Assert.Equal("dc1", silo.GetProperty("dc").GetString());
        Assert.Equal("active", silo.GetProperty("role").GetString());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString());
        Assert.True(silo.GetProperty("lastHeartbeat").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Unknown_routes_answer_with_problem_details()
    {
        await using var factory = new SiloFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/cluster/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
