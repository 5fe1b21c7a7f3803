using System.Net;
using System.Text;
using System.Text.Json;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>One focused test per bug the hostile-input fuzz found: each was a 500 (or an acceptance) and is now a 4xx problem+json.</summary>
public sealed class FuzzFindingsTests : IDisposable
{
    private const string Header = """{"schema":"turtle.observation/v1","collector":"c1","seq":1,"dc":"dc1","host":"h1","interval":5""";

    private readonly SiloFactory _silo = new();
    private readonly HttpClient _http;

    public FuzzFindingsTests() => _http = _silo.CreateClient();

    public void Dispose() => _silo.Dispose();

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Invalid_utf8_inside_a_string_is_refused_as_invalid_text(byte[] bad)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(Header + ""","facts":{"os":"x"""), .. bad, .. "\"}}"u8];
        var problem = await PostRefusedAsync(body);
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("$")[0].GetString());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_is_refused()
    {
        var problem = await PostRefusedAsync(Encoding.UTF8.GetBytes(Header + ""","facts":{"os":"x\ud800y"}}"""));
        Assert.Contains("cannot be decoded", problem.GetProperty("errors").GetProperty("$")[0].GetString());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_repeated_key_is_refused_rather_than_one_value_silently_winning()
    {
        var problem = await PostRefusedAsync(Encoding.UTF8.GetBytes(Header + ""","seq":2}"""));
        Assert.Contains("seq", problem.GetProperty("errors").GetProperty("$")[0].GetString());
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("step=1e15d", "step")]
    [InlineData("step=99999999999d", "step")]
    [InlineData("to=0001-01-01T00:00:00Z", "to")]
    [InlineData("from=1969-12-31T23:59:59Z", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")]
    public async Task History_times_and_steps_beyond_what_time_types_hold_are_400(string query, string parameter)
    {
        var response = await _http.GetAsync($"/api/v1/history?entity=dc1/h1&metric=cpu.percent&{query}");
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/graph?processes=maybe")]
    [InlineData("/api/v1/graph?processes=1e309")]
    public async Task A_query_value_that_does_not_bind_is_a_400_problem(string url)
    {
        var problem = await AssertProblemAsync(await _http.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    private async Task<JsonElement> PostRefusedAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return await AssertProblemAsync(await _http.PostAsync("/api/v1/observations", content), HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task AssertNothingStoredAsync() =>
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/hosts/dc1/h1")).StatusCode);
}
