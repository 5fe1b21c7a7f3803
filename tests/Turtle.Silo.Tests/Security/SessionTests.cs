using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Turtle.Silo.Tests.Security;

/// <summary>The dashboard's cookie sign-in at the HTTP level: redirect to the form, antiforgery, session, sign-out; and <c>POST /api/v1/login</c>.</summary>
public sealed partial class SessionTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly SecuredSilo _silo = new();

    public void Dispose() => _silo.Dispose();

    [Fact]
    public async Task A_page_without_a_session_redirects_to_the_sign_in_form_and_a_stream_gets_401()
    {
        var browser = _silo.Anonymous();

        var page = await browser.GetAsync("/hosts/dc1/udm-pro");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fhosts%2Fdc1%2Fudm-pro", page.Headers.Location!.PathAndQuery);

        var stream = await browser.GetAsync("/dashboard/live?scope=fleet");
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
    }

    [Fact]
    public async Task Signing_in_opens_pages_streams_and_the_api_and_signing_out_closes_them()
    {
        await _silo.Users.CreateAsync("alice", "viewer", Password, "test");
        var browser = Browser();

        var signIn = await SignInAsync(browser, "alice", Password, "/topology");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/topology", signIn.Headers.Location!.OriginalString);

        var fleet = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, fleet.StatusCode);
        var html = await fleet.Content.ReadAsStringAsync();
        Assert.Contains("data-user>alice<", html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/dcs")).StatusCode);
        using (var stream = await browser.GetAsync("/dashboard/live?scope=fleet", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        }

        // A viewer's session may read, not manage tokens.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/v1/tokens")).StatusCode);

        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/login", signOut.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/dcs")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_goes_back_to_the_form_saying_so_and_opens_nothing()
    {
        await _silo.Users.CreateAsync("alice", "viewer", Password, "test");
        var browser = Browser();

        var signIn = await SignInAsync(browser, "alice", "wrong password", "/");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/login?failed=1&returnUrl=%2F", signIn.Headers.Location!.OriginalString);
        Assert.Contains("Wrong user name or password.", await browser.GetStringAsync("/login?failed=1"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        await _silo.Users.CreateAsync("alice", "viewer", Password, "test");
        var browser = Browser();

        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "alice", ["password"] = Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_not_followed()
    {
        await _silo.Users.CreateAsync("alice", "viewer", Password, "test");

        var signIn = await SignInAsync(Browser(), "alice", Password, "//evil.example/");

        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_password_trades_for_an_api_token_with_the_users_role()
    {
        await _silo.Users.CreateAsync("olga", "operator", Password, "test");
        var anonymous = _silo.Anonymous();

        var wrong = await anonymous.PostAsync("/api/v1/login", SecuredSilo.Json("""{"user":"olga","password":"nope"}"""));
        await AuthenticationTests.AssertUnauthorizedAsync(wrong, "Wrong user name or password");

        var login = await anonymous.PostAsync("/api/v1/login", SecuredSilo.Json($$"""{"user":"olga","password":"{{Password}}"}"""));
        Assert.Equal(HttpStatusCode.Created, login.StatusCode);
        var issued = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        Assert.Equal("operator", (string)issued["token"]!["role"]!);
        Assert.NotNull(issued["token"]!["expires"]);
        var olga = _silo.WithToken((string)issued["secret"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await _silo.PostObservationAsync(olga)).StatusCode);
    }

    private HttpClient Browser() => _silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string returnUrl)
    {
        var form = await browser.GetStringAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["user"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException("no antiforgery field in:\n" + html));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
