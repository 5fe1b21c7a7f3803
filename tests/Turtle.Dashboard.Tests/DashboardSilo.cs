using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// A real silo process (SQLite under a temporary directory) serving the dashboard on a free loopback port, and a
/// headless Debian Chromium to look at it. Shared by the tests of a class; each test posts the hosts it needs.
/// </summary>
public sealed class DashboardSilo : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("turtle-dashboard-");
    private readonly AppProcess _silo;
    private IPlaywright? _playwright;

    public DashboardSilo() => _silo = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
    {
        ["Turtle__DataDir"] = _data.FullName,
        ["Turtle__Collector__Enabled"] = "false",
        ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
        ["Turtle__GatewayPort"] = AppProcess.Text(AppProcess.FreePort()),
    });

    public Uri Address => _silo.Address;

    public HttpClient Http => _silo.Http;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where tests save screenshots of their pages (kept with the test results).</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        await _silo.StartAsync("health/ready");
        (_playwright, Browser) = await LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        _silo.Dispose();
        _data.Delete(recursive: true);
    }

    /// <summary>Debian's Chromium, headless, as PACKAGES.md says to launch it (Playwright never downloads a browser here).</summary>
    public static async Task<(IPlaywright, IBrowser)> LaunchChromiumAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("TURTLE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: ./scripts/test installs Debian's chromium package (or set TURTLE_CHROMIUM).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>Kills the silo (<c>kill -9</c>) and starts it again on the same port and data: what a crashed silo looks like to a browser.</summary>
    public async Task CrashAndRestartAsync()
    {
        _silo.Kill();
        await _silo.StartAsync("health/ready");
    }

    /// <summary>A new browser page on the silo that records console errors; close its context when done.</summary>
    public Task<(IPage Page, List<string> Errors)> OpenAsync(string path, int width = 1280, int height = 800, bool javaScript = true) =>
        OpenAsync(Browser, Address, path, width, height, javaScript);

    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowser browser, Uri site, string path, int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, JavaScriptEnabled = javaScript, BaseURL = site.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        // Load, not NetworkIdle: a page's live stream keeps a request open by design.
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, errors);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Posts one of the docs' example observations, with the fields given replaced.</summary>
    public Task PostExampleAsync(string file, Action<JsonObject>? change = null) => PostExampleAsync(Http, file, change);

    public static async Task PostExampleAsync(HttpClient silo, string file, Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", file)))!.AsObject();
        change?.Invoke(json);
        using var content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await silo.PostAsync("api/v1/observations", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST observation: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
