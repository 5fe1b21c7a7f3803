using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Security;

/// <summary>Rate and size limits through the real silo: 429 at a collector's limit and not below it, 413 over a body limit.</summary>
public sealed class LimitTests : IDisposable
{
    // Three requests at once, then one every 20 minutes: the fourth within the test is over the limit.
    private readonly SecuredSilo _silo = new(new()
    {
        ["Turtle:Ingest:RateLimit:Requests"] = "3",
        ["Turtle:Ingest:RateLimit:Window"] = "01:00:00",
    });

    public void Dispose() => _silo.Dispose();

    [Fact]
    public async Task A_collector_gets_429_with_retry_after_at_its_limit_and_not_below_it_and_others_keep_their_own()
    {
        var (collector, _) = await _silo.AsCollectorAsync("dc1-busy");
        for (var i = 0; i < 3; i++)
        {
            var accepted = await _silo.PostObservationAsync(collector);
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"request {i + 1}: {accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        }

        var refused = await _silo.PostObservationAsync(collector);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } delta && delta > TimeSpan.FromMinutes(1) && delta <= TimeSpan.FromMinutes(20), $"Retry-After {refused.Headers.RetryAfter}");
        Assert.Contains("dc1-busy", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!);

        var (other, _) = await _silo.AsCollectorAsync("dc1-quiet");
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(other)).StatusCode);
    }

    [Fact]
    public async Task A_collector_presenting_its_old_and_new_token_during_a_rotation_has_one_allowance()
    {
        var (old, issued) = await _silo.AsCollectorAsync("dc2-rotating");
        var successor = _silo.WithToken((await _silo.Tokens.RotateAsync(issued.Token.Id, TimeSpan.FromHours(1), "test"))!.Secret);

        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(successor)).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await _silo.PostObservationAsync(successor)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _silo.PostObservationAsync(old)).StatusCode);
    }

    [Fact]
    public async Task Each_limit_refusal_is_in_the_audit_log()
    {
        var (collector, issued) = await _silo.AsCollectorAsync("dc1-audited");
        for (var i = 0; i < 4; i++)
        {
            await _silo.PostObservationAsync(collector);
        }

        var (admin, _) = await _silo.AsRoleAsync("admin");
        var huge = "{\"collector\":\"dc1-a\",\"pad\":\"" + new string('x', 70 * 1024) + "\"}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync("/api/v1/tokens", new StringContent(huge, Encoding.UTF8, "application/json"))).StatusCode);

        var audit = (JsonArray)JsonNode.Parse(await admin.GetStringAsync("/api/v1/audit"))!;
        var limited = Assert.Single(audit, e => (int)e!["status"]! == 429)!;
        Assert.Equal($"dc1-audited ({issued.Token.Id})", (string)limited["actor"]!);
        Assert.Equal("observations.post", (string)limited["action"]!);
        Assert.Equal("Denied", (string)limited["outcome"]!);
        var tooLarge = Assert.Single(audit, e => (int)e!["status"]! == 413)!;
        Assert.Equal("tokens.create", (string)tooLarge["action"]!);
        Assert.StartsWith("admin-tool", (string)tooLarge["actor"]!);
    }

    [Fact]
    public async Task A_body_over_the_default_limit_is_413_problem_json_and_does_nothing()
    {
        var (admin, _) = await _silo.AsRoleAsync("admin");
        var before = (await _silo.Tokens.ListAsync()).Count;
        var huge = "{\"collector\":\"dc1-a\",\"pad\":\"" + new string('x', 70 * 1024) + "\"}";

        var response = await admin.PostAsync("/api/v1/tokens", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await _silo.Tokens.ListAsync()).Count);
    }

    [Fact]
    public async Task Ingest_keeps_its_own_larger_limit()
    {
        var (collector, _) = await _silo.AsCollectorAsync();
        // Over the 64 KiB default, under ingest's 1 MiB: the reader, not the size limit, judges it.
        var body = "[" + string.Join(",", Enumerable.Repeat("{}", 40_000)) + "]";

        var response = await collector.PostAsync("/api/v1/observations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}
