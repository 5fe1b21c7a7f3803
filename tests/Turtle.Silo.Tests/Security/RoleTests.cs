using System.Net;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Security;

/// <summary>Each role boundary through the real silo: what each role may do, and the 403 problem+json at the next one.</summary>
public sealed class RoleTests : IDisposable
{
    private readonly SecuredSilo _silo = new();

    public void Dispose() => _silo.Dispose();

    public static TheoryData<string, string, string, HttpStatusCode> Boundaries() => new()
    {
        // role, method, path, expected
        { "viewer", "GET", "/api/v1/dcs", HttpStatusCode.OK },
        { "viewer", "GET", "/api/v1/failover", HttpStatusCode.OK },
        { "viewer", "GET", "/api/v1/whoami", HttpStatusCode.OK },
        { "viewer", "GET", "/openapi/v1.json", HttpStatusCode.OK },
        { "viewer", "POST", "/api/v1/observations", HttpStatusCode.Forbidden },
        { "viewer", "GET", "/api/v1/tokens", HttpStatusCode.Forbidden },
        { "operator", "GET", "/api/v1/dcs", HttpStatusCode.OK },
        { "operator", "POST", "/api/v1/observations", HttpStatusCode.Accepted },
        { "operator", "GET", "/api/v1/tokens", HttpStatusCode.Forbidden },
        { "operator", "POST", "/api/v1/tokens", HttpStatusCode.Forbidden },
        { "operator", "GET", "/api/v1/audit", HttpStatusCode.Forbidden },
        { "operator", "GET", "/api/v1/users", HttpStatusCode.Forbidden },
        { "admin", "GET", "/api/v1/tokens", HttpStatusCode.OK },
        { "admin", "POST", "/api/v1/tokens", HttpStatusCode.Created },
        { "admin", "GET", "/api/v1/audit", HttpStatusCode.OK },
        { "admin", "GET", "/api/v1/users", HttpStatusCode.OK },
        { "admin", "POST", "/api/v1/observations", HttpStatusCode.Accepted },
        { "collector", "POST", "/api/v1/observations", HttpStatusCode.Accepted },
        { "collector", "GET", "/api/v1/dcs", HttpStatusCode.Forbidden },
        { "collector", "GET", "/api/v1/tokens", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task Each_role_may_do_its_part_and_gets_403_past_it(string role, string method, string path, HttpStatusCode expected)
    {
        var (client, _) = role == "collector" ? await _silo.AsCollectorAsync() : await _silo.AsRoleAsync(role);

        var response = method == "GET"
            ? await client.GetAsync(path)
            : path == "/api/v1/observations"
                ? await _silo.PostObservationAsync(client)
                : await client.PostAsync(path, SecuredSilo.Json("""{"collector":"dc2-new"}"""));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{role} {method} {path}: {response.StatusCode} {body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("it needs", (string)JsonNode.Parse(body)!["detail"]!);
        }
    }

    [Fact]
    public async Task A_user_token_carries_its_role_and_who_it_is()
    {
        var (client, issued) = await _silo.AsRoleAsync("operator");

        var me = JsonNode.Parse(await client.GetStringAsync("/api/v1/whoami"))!;

        Assert.Equal("operator-tool", (string)me["name"]!);
        Assert.Equal("operator", (string)me["role"]!);
        Assert.Equal(issued.Token.Id, (string)me["tokenId"]!);
    }

    [Theory]
    [InlineData("""{"collector":"dc1-a","user":"bob"}""", "not both")]
    [InlineData("""{"user":"bob","role":"root"}""", "role 'root'")]
    [InlineData("""{"collector":"has space"}""", "is not a collector or user name")]
    [InlineData("""{"collector":"dc1-a","role":"admin"}""", "a collector token has no role")]
    public async Task A_bad_token_request_is_400_and_issues_nothing(string body, string detail)
    {
        var (admin, _) = await _silo.AsRoleAsync("admin");
        var before = (await _silo.Tokens.ListAsync()).Count;

        var response = await admin.PostAsync("/api/v1/tokens", SecuredSilo.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
        Assert.Equal(before, (await _silo.Tokens.ListAsync()).Count);
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("10.0.0.7", false, false)]
    [InlineData("10.0.0.7", true, true)]
    public async Task The_metrics_policy_lets_loopback_in_anonymously_and_others_as_viewers(string address, bool viewer, bool allowed)
    {
        _ = _silo.Anonymous(); // starts the host
        var services = _silo.Factory.Services;
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = services };
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        var identity = viewer
            ? new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, "viewer")], "test")
            : new System.Security.Claims.ClaimsIdentity();
        var authorization = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>(services);

        var result = await authorization.AuthorizeAsync(new System.Security.Claims.ClaimsPrincipal(identity), http, Turtle.Silo.Security.AuthPolicies.Metrics);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Fact]
    public async Task A_token_made_for_a_user_acts_with_its_role()
    {
        var (admin, _) = await _silo.AsRoleAsync("admin");
        var created = JsonNode.Parse(await (await admin.PostAsync("/api/v1/tokens", SecuredSilo.Json("""{"user":"ci","role":"viewer"}"""))).Content.ReadAsStringAsync())!;
        var ci = _silo.WithToken((string)created["secret"]!);

        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/v1/dcs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.PostObservationAsync(ci)).StatusCode);
    }
}
