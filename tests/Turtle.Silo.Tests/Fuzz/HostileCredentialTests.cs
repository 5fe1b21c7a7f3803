using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Turtle.Silo.Tests.Security;
using Xunit.Abstractions;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>
/// The hostile-input run with authentication on, as shipped: 2,000 requests whose credentials are mutated (garbage and
/// near-miss bearer tokens, a revoked or expired token's secret, wrong schemes, repeated headers, forged session cookies,
/// bytes outside ASCII) against ingest and the query and admin API. Each answer must be a 401 problem+json with a
/// bearer challenge; nothing is stored or issued; the silo stays ready. <c>TURTLE_FUZZ_SEED</c> replays a run.
/// </summary>
public sealed class HostileCredentialTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 2_000;
    private readonly SecuredSilo _silo = new();

    public void Dispose() => _silo.Dispose();

    [Fact]
    public async Task Mutated_credentials_are_refused_with_401_problem_json_and_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261203;
        output.WriteLine($"credential fuzz seed {seed} ({Count} requests; replay with TURTLE_FUZZ_SEED={seed})");

        var (admin, _) = await _silo.AsRoleAsync("admin");
        var (_, live) = await _silo.AsCollectorAsync("dc1-live");
        var (_, revoked) = await _silo.AsCollectorAsync("dc1-revoked");
        await _silo.Tokens.RevokeAsync(revoked.Token.Id);
        var (_, expired) = await _silo.AsCollectorAsync("dc1-expired");
        await _silo.Tokens.RotateAsync(expired.Token.Id, TimeSpan.Zero, "test");
        var credentials = new CredentialMutator(live.Secret, revoked.Secret, expired.Secret);
        var before = await StateAsync(admin);

        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var random = new Random(unchecked((seed * 1_000_003) + i));
            using var request = Request(i, random);
            var described = credentials.Apply(request, random);
            using var response = await _silo.Anonymous().SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (await RefusalProblemAsync(response) is { } problem && failures.Count < 10)
            {
                failures.Add($"#{i} {request.Method} {request.RequestUri} with {described}: {problem}");
            }
        }

        output.WriteLine($"statuses: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StateAsync(admin));
        Assert.Equal(HttpStatusCode.OK, (await _silo.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>A request any principal with a good credential could make: ingest, reads, and admin actions.</summary>
    private HttpRequestMessage Request(int index, Random random)
    {
        var observation = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "host-full.json")))!;
        observation["seq"] = index + 1;
        return random.Next(5) switch
        {
            0 => new HttpRequestMessage(HttpMethod.Get, "/api/v1/hosts"),
            1 => new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit"),
            2 => new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = SecuredSilo.Json("""{"collector":"intruder"}""") },
            _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/observations") { Content = SecuredSilo.Json(observation.ToJsonString()) },
        };
    }

    /// <summary>Null when the answer is the expected refusal; otherwise what is wrong with it.</summary>
    private static async Task<string?> RefusalProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return $"{(int)response.StatusCode} {Shorten(body)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"401 as '{response.Content.Headers.ContentType?.MediaType}'";
        }

        if (!response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
        {
            return "401 without a bearer challenge";
        }

        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("status", out var reported) && reported.GetInt32() == 401 && problem.RootElement.TryGetProperty("title", out _)
            ? null
            : $"the problem does not carry status 401 and a title: {Shorten(body)}";
    }

    /// <summary>What a refused request could have changed: the hosts, the tokens (and whether any was used).</summary>
    private async Task<string> StateAsync(HttpClient admin)
    {
        var hosts = await admin.GetStringAsync("/api/v1/hosts");
        var tokens = (await _silo.Tokens.ListAsync()).Select(t => $"{t.Id} {t.Name} {t.Revoked} {t.Expires:O} used:{t.LastUsed is not null && t.Name != "admin-tool"}");
        return hosts + "\n" + string.Join("\n", tokens.Order(StringComparer.Ordinal));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>Credentials that are wrong in the ways an attacker or a broken client makes them wrong.</summary>
internal sealed class CredentialMutator(string live, string revoked, string expired)
{
    private const string Printable = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=_ !\"#$%&'()*,:;<>?@[\\]^`{|}";

    /// <summary>Sets a mutated credential on <paramref name="request"/>; returns a description for a failure message.</summary>
    public string Apply(HttpRequestMessage request, Random random)
    {
        var headers = request.Headers;
        switch (random.Next(12))
        {
            case 0:
                return Authorization(headers, "Bearer " + Garbage(random, random.Next(1, 200)), "random bearer");
            case 1:
                return Authorization(headers, "Bearer " + NearMiss(live, random), "live secret, one character changed");
            case 2:
                return Authorization(headers, "Bearer " + live[..random.Next(live.Length)], "live secret, truncated");
            case 3:
                return Authorization(headers, "Bearer " + revoked, "revoked token");
            case 4:
                return Authorization(headers, "Bearer " + expired, "expired token");
            case 5:
                return Authorization(headers, new[] { "Basic ", "Digest ", "Token ", "" }[random.Next(4)] + live, "the live secret under another scheme");
            case 6:
                return Authorization(headers, "Bearer", "a scheme without a token");
            case 7:
                return Authorization(headers, "Bearer " + new string('A', random.Next(1_000, 7_000)), "a long token");
            case 8:
                headers.TryAddWithoutValidation("Authorization", "Bearer " + Garbage(random, 20));
                headers.TryAddWithoutValidation("Authorization", "Bearer " + NearMiss(live, random));
                return "two authorization headers";
            case 9:
                return Authorization(headers, "Bearer " + NonAscii(random), "bytes outside ASCII");
            case 10:
                headers.TryAddWithoutValidation("Cookie", "turtle.session=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Garbage(random, random.Next(10, 400)))));
                return "a forged session cookie";
            default:
                headers.TryAddWithoutValidation("Cookie", "turtle.session=" + Garbage(random, random.Next(1, 100)).Replace(";", "", StringComparison.Ordinal));
                return "a garbage session cookie";
        }
    }

    private static string Authorization(System.Net.Http.Headers.HttpRequestHeaders headers, string value, string description)
    {
        headers.TryAddWithoutValidation("Authorization", value);
        return description;
    }

    private static string Garbage(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Printable[r.Next(Printable.Length)];
            }
        });

    private static string NearMiss(string secret, Random random)
    {
        var chars = secret.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = chars[at] == 'x' ? 'y' : 'x';
        return new string(chars);
    }

    private static string NonAscii(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x80, 0x100)));
}
