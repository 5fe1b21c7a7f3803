using System.Net;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Security;

/// <summary>The audit log through the real silo: allowed writes and admin actions, refusals, a collector's first use; queried by <c>GET /api/v1/audit</c>.</summary>
public sealed class AuditTests : IDisposable
{
    private readonly SecuredSilo _silo = new();

    public void Dispose() => _silo.Dispose();

    [Fact]
    public async Task Admin_actions_and_refusals_are_recorded_with_who_what_and_outcome()
    {
        var (admin, adminToken) = await _silo.AsRoleAsync("admin");
        var (viewer, viewerToken) = await _silo.AsRoleAsync("viewer");

        var created = JsonNode.Parse(await (await admin.PostAsync("/api/v1/tokens", SecuredSilo.Json("""{"collector":"dc2-nas"}"""))).Content.ReadAsStringAsync())!;
        var newId = (string)created["token"]!["id"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/tokens/{newId}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/tokens/{newId}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.Anonymous().GetAsync("/api/v1/hosts")).StatusCode);

        var entries = await AuditAsync(admin, "");

        var create = Single(entries, "tokens.create");
        Assert.Equal($"admin-tool ({adminToken.Token.Id})", (string)create["actor"]!);
        Assert.Equal(newId, (string)create["target"]!);
        Assert.Equal("Allowed", (string)create["outcome"]!);
        Assert.Contains("collector dc2-nas", (string)create["detail"]!);

        var refusedRevoke = Assert.Single(entries, e => (string)e!["action"]! == "tokens.revoke" && (string)e["outcome"]! == "Denied")!;
        Assert.Equal($"viewer-tool ({viewerToken.Token.Id})", (string)refusedRevoke["actor"]!);
        Assert.Equal(403, (int)refusedRevoke["status"]!);
        Assert.Equal(newId, (string)refusedRevoke["target"]!);

        var revoke = Assert.Single(entries, e => (string)e!["action"]! == "tokens.revoke" && (string)e["outcome"]! == "Allowed")!;
        Assert.Equal(newId, (string)revoke["target"]!);

        var anonymous = Assert.Single(entries, e => (string)e!["action"]! == "GET /api/v1/hosts")!;
        Assert.Equal("anonymous", (string)anonymous["actor"]!);
        Assert.Equal(401, (int)anonymous["status"]!);
        Assert.Equal("Denied", (string)anonymous["outcome"]!);
    }

    [Fact]
    public async Task A_collector_is_audited_at_first_use_and_refusal_not_per_batch()
    {
        var (collector, issued) = await _silo.AsCollectorAsync("dc1-edge");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(collector)).StatusCode);
        }

        var (admin, _) = await _silo.AsRoleAsync("admin");
        await admin.PostAsync($"/api/v1/tokens/{issued.Token.Id}/revoke", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.PostObservationAsync(collector)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.PostObservationAsync(collector)).StatusCode);

        var entries = await AuditAsync(admin, $"?actor={issued.Token.Id}");

        var first = Single(entries, "token.first-use");
        Assert.Equal($"dc1-edge ({issued.Token.Id})", (string)first["actor"]!);
        Assert.DoesNotContain(entries, e => (string)e!["action"]! == "observations.post" && (string)e["outcome"]! == "Allowed");
        // Refused twice within a minute: kept once.
        var refusal = Assert.Single(entries, e => (string)e!["outcome"]! == "Denied")!;
        Assert.Equal("observations.post", (string)refusal["action"]!);
        Assert.Contains("is revoked", (string)refusal["detail"]!);
    }

    [Fact]
    public async Task An_operators_ingest_is_audited_and_the_query_filters()
    {
        var (operatorClient, operatorToken) = await _silo.AsRoleAsync("operator");
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(operatorClient)).StatusCode);
        var (admin, _) = await _silo.AsRoleAsync("admin");

        var mine = await AuditAsync(admin, $"?actor=operator-tool&action=observations");
        var post = Assert.Single(mine)!;
        Assert.Equal($"operator-tool ({operatorToken.Token.Id})", (string)post["actor"]!);
        Assert.Equal(202, (int)post["status"]!);

        Assert.Empty(await AuditAsync(admin, "?actor=operator-tool&outcome=denied"));
        var bad = await admin.GetAsync("/api/v1/audit?outcome=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task With_sign_in_off_ingest_is_not_audited_per_batch_but_admin_actions_are()
    {
        using var open = new SiloFactory(); // Turtle:Auth:Enabled=false: every request is the anonymous admin
        using var http = open.CreateClient();
        var observation = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "host-full.json"));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/v1/observations", SecuredSilo.Json(observation))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/v1/tokens", SecuredSilo.Json("""{"collector":"dc1-lab"}"""))).StatusCode);

        var entries = await AuditAsync(http, "");

        Assert.DoesNotContain(entries, e => (string)e!["action"]! == "observations.post");
        Assert.Equal("anonymous", (string)Single(entries, "tokens.create")["actor"]!);
    }

    private static async Task<JsonArray> AuditAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/api/v1/audit" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonArray)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode Single(JsonArray entries, string action) =>
        Assert.Single(entries, e => (string)e!["action"]! == action)!;
}
