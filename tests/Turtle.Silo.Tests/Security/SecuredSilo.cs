using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Silo.Security;

namespace Turtle.Silo.Tests.Security;

/// <summary>A real silo host (TestServer) with authentication on, and clients that act as each kind of principal.</summary>
public sealed class SecuredSilo : IDisposable
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");
    private long _seq;

    public SecuredSilo(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Turtle:Auth:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        Factory = new SiloFactory(all);
    }

    public SiloFactory Factory { get; }

    public TokenRegistry Tokens => Factory.Services.GetRequiredService<TokenRegistry>();

    public UserStore Users => Factory.Services.GetRequiredService<UserStore>();

    /// <summary>No credentials; redirects are not followed (a page's redirect to sign-in is what some tests check).</summary>
    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client presenting <paramref name="secret"/> as its bearer token.</summary>
    public HttpClient WithToken(string secret)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>A client with a fresh user token of <paramref name="role"/>, named <c>&lt;role&gt;-tool</c>.</summary>
    public async Task<(HttpClient Client, IssuedToken Token)> AsRoleAsync(string role)
    {
        var issued = await Tokens.CreateAsync(TurtleClaims.KindToken, $"{role}-tool", role, null, "test");
        return (WithToken(issued.Secret), issued);
    }

    /// <summary>A client with a fresh collector token for <paramref name="collector"/>.</summary>
    public async Task<(HttpClient Client, IssuedToken Token)> AsCollectorAsync(string collector = "dc1-udm-pro")
    {
        var issued = await Tokens.CreateAsync(TurtleClaims.KindCollector, collector, Roles.Collector, null, "test");
        return (WithToken(issued.Secret), issued);
    }

    /// <summary>Posts host-full.json, taken now, with the next sequence number.</summary>
    public Task<HttpResponseMessage> PostObservationAsync(HttpClient client)
    {
        var batch = JsonNode.Parse(File.ReadAllText(Path.Combine(Examples, "host-full.json")))!;
        batch["seq"] = Interlocked.Increment(ref _seq);
        batch["time"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return client.PostAsync("/api/v1/observations", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public void Dispose() => Factory.Dispose();
}
