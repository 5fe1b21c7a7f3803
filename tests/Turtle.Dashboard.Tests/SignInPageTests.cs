using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Turtle.Silo.Tests;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// Signing in to the dashboard of a silo process with authentication on, in real Chromium: the page asked for redirects
/// to the form, the printed admin password signs in (a wrong one does not), pages and their live stream work with the
/// session cookie, and signing out closes them again.
/// </summary>
public sealed class SignInPageTests : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("turtle-signin-");
    private readonly AppProcess _silo;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SignInPageTests() => _silo = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
    {
        ["Turtle__DataDir"] = _data.FullName,
        ["Turtle__Collector__Enabled"] = "false",
        ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
        ["Turtle__GatewayPort"] = AppProcess.Text(AppProcess.FreePort()),
        ["Turtle__Auth__Enabled"] = "true",
    });

    public async Task InitializeAsync()
    {
        await _silo.StartAsync("health/ready");
        (_playwright, _browser) = await DashboardSilo.LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _silo.Dispose();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task The_printed_admin_signs_in_sees_live_pages_and_signs_out()
    {
        var password = await PrintedPasswordAsync();
        var (page, errors) = await DashboardSilo.OpenAsync(_browser!, _silo.Address, "/topology");

        // Not signed in: the form, remembering where to go.
        Assert.EndsWith("/login?returnUrl=%2Ftopology", page.Url);

        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("failed=1"));
        Assert.Equal("Wrong user name or password.", await page.Locator(".login-error").InnerTextAsync());

        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/topology$"));
        Assert.Equal("admin", await page.Locator("[data-user]").InnerTextAsync());

        // The fleet page's live stream connects with the session cookie.
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.WaitForFunctionAsync("() => document.getElementById('live-status')?.textContent === 'Live'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await DashboardSilo.ScreenshotAsync(page, "signed-in-fleet");

        await page.ClickAsync("form.signout button");
        await page.WaitForURLAsync(new Regex("/login$"));
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Contains("/login?returnUrl=", page.Url);
        // The one console error allowed: none. (The failed sign-in is a redirect, not an error.)
        Assert.Empty(errors);
        await page.Context.CloseAsync();
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
}
