using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Security;

/// <summary>401s through the real silo: no token, a wrong one, a revoked one, an expired one; rotation's overlap; what stays anonymous.</summary>
public sealed class AuthenticationTests : IDisposable
{
    private readonly SecuredSilo _silo = new();

    public void Dispose() => _silo.Dispose();

    [Theory]
    [InlineData("GET", "/api/v1/dcs")]
    [InlineData("GET", "/api/v1/hosts/dc1/udm-pro")]
    [InlineData("GET", "/api/v1/tokens")]
    [InlineData("GET", "/api/v1/audit")]
    [InlineData("GET", "/dashboard/live?scope=fleet")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("POST", "/api/v1/observations")]
    public async Task Without_a_token_the_api_is_401_problem_json_with_a_bearer_challenge(string method, string path)
    {
        var response = await _silo.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? SecuredSilo.Json("{}") : null });

        await AssertUnauthorizedAsync(response, "Send an API token");
    }

    [Fact]
    public async Task An_unknown_token_is_401_saying_invalid_token()
    {
        var response = await _silo.WithToken("ttk_not-a-real-token").GetAsync("/api/v1/dcs");

        await AssertUnauthorizedAsync(response, "no such token");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_collector_without_a_valid_token_cannot_ingest_and_nothing_is_stored()
    {
        var response = await _silo.PostObservationAsync(_silo.WithToken("ttk_wrong"));

        await AssertUnauthorizedAsync(response, "no such token");
        var (viewer, _) = await _silo.AsRoleAsync("viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/hosts/dc1/udm-pro")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var (collector, issued) = await _silo.AsCollectorAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(collector)).StatusCode);

        var (admin, _) = await _silo.AsRoleAsync("admin");
        var revoke = await admin.PostAsync($"/api/v1/tokens/{issued.Token.Id}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await AssertUnauthorizedAsync(await _silo.PostObservationAsync(collector), $"token {issued.Token.Id} is revoked");
    }

    [Fact]
    public async Task A_rotated_token_works_beside_its_successor_until_the_overlap_ends()
    {
        var (old, issued) = await _silo.AsCollectorAsync("dc1-rotating");
        var (admin, _) = await _silo.AsRoleAsync("admin");

        var rotate = await admin.PostAsync($"/api/v1/tokens/{issued.Token.Id}/rotate", SecuredSilo.Json("""{"overlap":"01:00:00"}"""));
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        var rotated = JsonNode.Parse(await rotate.Content.ReadAsStringAsync())!;
        var successor = _silo.WithToken((string)rotated["secret"]!);
        Assert.Equal("dc1-rotating", (string)rotated["token"]!["name"]!);
        Assert.Equal(issued.Token.Id, (string)rotated["previous"]!["id"]!);

        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(successor)).StatusCode);

        // Rotating the successor in turn with no overlap ends it at once; the first token keeps its own hour.
        var end = await admin.PostAsync($"/api/v1/tokens/{(string)rotated["token"]!["id"]!}/rotate", SecuredSilo.Json("""{"overlap":"00:00:00"}"""));
        Assert.Equal(HttpStatusCode.Created, end.StatusCode);
        await AssertUnauthorizedAsync(await _silo.PostObservationAsync(successor), "expired");
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(old)).StatusCode);
    }

    [Fact]
    public async Task A_rotation_overlap_runs_out_on_the_clock()
    {
        var (old, issued) = await _silo.AsCollectorAsync("dc1-overlap");
        var (admin, _) = await _silo.AsRoleAsync("admin");
        var rotate = await admin.PostAsync($"/api/v1/tokens/{issued.Token.Id}/rotate", SecuredSilo.Json("""{"overlap":"00:00:02"}"""));
        var successor = _silo.WithToken((string)JsonNode.Parse(await rotate.Content.ReadAsStringAsync())!["secret"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(old)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await AssertUnauthorizedAsync(await _silo.PostObservationAsync(old), $"token {issued.Token.Id} expired");
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(successor)).StatusCode);
    }

    [Fact]
    public async Task A_token_issued_to_expire_works_until_then_and_is_401_after()
    {
        var (admin, _) = await _silo.AsRoleAsync("admin");
        var create = await admin.PostAsync("/api/v1/tokens", SecuredSilo.Json("""{"collector":"dc3-temporary","expiresIn":"00:00:02"}"""));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = JsonNode.Parse(await create.Content.ReadAsStringAsync())!;
        var collector = _silo.WithToken((string)created["secret"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(collector)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await AssertUnauthorizedAsync(await _silo.PostObservationAsync(collector), $"token {(string)created["token"]!["id"]!} expired");
    }

    [Fact]
    public async Task A_token_rotated_with_no_overlap_expires_at_once()
    {
        var (old, issued) = await _silo.AsCollectorAsync("dc1-now");
        var (admin, _) = await _silo.AsRoleAsync("admin");

        var rotate = await admin.PostAsJsonAsync($"/api/v1/tokens/{issued.Token.Id}/rotate", new { overlap = "00:00:00" });

        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        await AssertUnauthorizedAsync(await _silo.PostObservationAsync(old), $"token {issued.Token.Id} expired");
    }

    [Fact]
    public async Task Listing_tokens_never_shows_a_secret_or_its_hash()
    {
        var (_, collector) = await _silo.AsCollectorAsync();
        var (admin, _) = await _silo.AsRoleAsync("admin");

        var list = await admin.GetStringAsync("/api/v1/tokens");

        Assert.Contains(collector.Token.Id, list);
        Assert.DoesNotContain(collector.Secret, list);
        Assert.DoesNotContain(Turtle.Silo.Security.TokenSecrets.Hash(collector.Secret), list);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/login")]
    [InlineData("/dashboard/assets/app.css")]
    public async Task Health_sign_in_and_assets_stay_anonymous(string path)
    {
        var response = await _silo.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_first_start_creates_one_admin_and_no_second_one()
    {
        _ = _silo.Anonymous(); // starts the host
        // The admin is made once the host has started, beside the requests: wait for it (bounded).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await _silo.Users.ListAsync()).Any(u => u.Role == "admin") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var admins = (await _silo.Users.ListAsync()).Where(u => u.Role == "admin").ToList();
        Assert.Equal("admin", Assert.Single(admins).Name);

        Assert.Null(await _silo.Users.EnsureAdminAsync("admin"));
    }

    internal static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains(detail, (string)JsonNode.Parse(body)!["detail"]!);
    }
}
