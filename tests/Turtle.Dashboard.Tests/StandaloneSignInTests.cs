using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Turtle.Actors.Testing.Postgres;
using Turtle.Silo.Tests;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// The standalone dashboard with sign-in on (its default), as its own process, a cluster client of a silo process with
/// authentication on: it signs people in with the cluster's own users and roles (asked through the gateway), sends a
/// page without a session to the form and a live stream a 401, and refuses a wrong password.
/// </summary>
public sealed partial class StandaloneSignInTests : IAsyncLifetime
{
    private const string ViewerPassword = "a viewer's long password";
    private readonly int _gateway = AppProcess.FreePort();
    private PostgresTestDatabase _database = null!;
    private AppProcess _silo = null!;
    private AppProcess _dashboard = null!;

    public async Task InitializeAsync()
    {
        // A silo opens its gateway in a cluster, so this one is clustered through PostgreSQL, as the observer's would be.
        _database = await PostgresTestDatabase.CreateAsync();
        _silo = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = _database.ConnectionString,
            ["Turtle__Collector__Enabled"] = "false",
            ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
            ["Turtle__GatewayPort"] = AppProcess.Text(_gateway),
            ["Turtle__Auth__Enabled"] = "true",
        });
        _dashboard = new AppProcess("Turtle.Dashboard.Host.dll", new Dictionary<string, string>
        {
            ["Turtle__Client__Gateways__0"] = $"127.0.0.1:{_gateway}",
            // Left out (AppProcess turns it off for the other tests), so sign-in is on by the host's own default.
            ["Turtle__Auth__Enabled"] = "",
        });
        await _silo.StartAsync("health/ready");
        await CreateViewerAsync(await PrintedPasswordAsync());
        await _dashboard.StartAsync("health/ready");
    }

    public async Task DisposeAsync()
    {
        _dashboard?.Dispose();
        _silo?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_a_session_a_page_redirects_to_sign_in_and_a_live_stream_is_refused()
    {
        using var browser = Browser();

        var page = await browser.GetAsync("/topology");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.EndsWith("/login?returnUrl=%2Ftopology", page.Headers.Location!.ToString());

        var stream = await browser.GetAsync("/dashboard/live?page=fleet");
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        Assert.Equal("application/problem+json", stream.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_of_the_cluster_signs_in_and_sees_the_fleet()
    {
        using var browser = Browser();

        var signedIn = await SignInAsync(browser, "vera", ViewerPassword, "/");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.ToString());

        var fleet = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, fleet.StatusCode);
        var html = await fleet.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fleet-overview\"", html, StringComparison.Ordinal);
        Assert.Contains(">vera<", html, StringComparison.Ordinal); // the layout names the signed-in user
        Assert.Contains("vera signed in", _dashboard.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        using var browser = Browser();

        var refused = await SignInAsync(browser, "vera", "not vera's password", "/");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/login?failed=1", refused.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Still no session: the page sends the browser back to the form.
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login?returnUrl=", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A browser without JavaScript: keeps cookies, does not follow redirects (the tests read them).</summary>
    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = _dashboard.Address,
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Fills in the form as a browser would: its antiforgery token comes from the page and its cookie.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string returnUrl)
    {
        var form = await browser.GetStringAsync("/login");
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, $"no antiforgery token in the sign-in form:\n{form}");
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["user"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    private async Task CreateViewerAsync(string adminPassword)
    {
        var login = await _silo.Http.PostAsJsonAsync("api/v1/login", new { user = "admin", password = adminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/users")
        {
            Content = JsonContent.Create(new { name = "vera", role = "viewer", password = ViewerPassword }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var created = await _silo.Http.SendAsync(request);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    private async Task<string> PrintedPasswordAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? password;
        while ((password = AdminBanner.PasswordIn(_silo.Output)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no admin password printed:\n{_silo.Output}");
            await Task.Delay(50);
        }

        return password;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
