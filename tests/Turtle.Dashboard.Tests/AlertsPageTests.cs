using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// The Alerts page in Chromium against a real silo process with one alert rule (firing at once on a filesystem over
/// 90 % of hosts named <c>alert-*</c>): an observation crossing it shows the firing alert without a reload, grouped
/// under its host with value and threshold, the navigation badge counts it, the host page shows it, and a value past
/// the clear level moves it to Recently resolved, live too. At phone width nothing overflows the viewport.
/// </summary>
public sealed class AlertsPageTests : IAsyncLifetime
{
    private const string Host = "dc1/alert-box";
    private const string AlertKey = Host + ":disk-full:/data";

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("turtle-alerts-page-");
    private readonly AppProcess _silo;
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;
    private long _seq;

    public AlertsPageTests() => _silo = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
    {
        ["Turtle__DataDir"] = _data.FullName,
        ["Turtle__Collector__Enabled"] = "false",
        ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
        ["Turtle__GatewayPort"] = AppProcess.Text(AppProcess.FreePort()),
        ["Turtle__Alerts__Rules__0__Name"] = "disk-full",
        ["Turtle__Alerts__Rules__0__Metric"] = "fs[*].used_percent",
        ["Turtle__Alerts__Rules__0__Above"] = "90",
        ["Turtle__Alerts__Rules__0__Clear"] = "85",
        ["Turtle__Alerts__Rules__0__Severity"] = "critical",
        ["Turtle__Alerts__Rules__0__Host"] = "alert-*",
        ["Turtle__Alerts__Rules__0__Summary"] = "Disk almost full",
    });

    public async Task InitializeAsync()
    {
        await _silo.StartAsync("health/ready");
        (_playwright, _browser) = await DashboardSilo.LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright?.Dispose();
        _silo.Dispose();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task A_threshold_crossing_shows_up_as_a_firing_alert_live_and_its_resolution_too()
    {
        await PostAsync(dataPercent: 50);
        var (page, errors) = await DashboardSilo.OpenAsync(_browser, _silo.Address, "/alerts");
        Assert.Equal("Alerts · Turtle", await page.TitleAsync());
        Assert.Contains("No alert is firing", await page.Locator("#alerts-board").InnerTextAsync());
        await WaitForLiveAsync(page);
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        await PostAsync(dataPercent: 95.5);
        var alert = page.Locator($"#alerts-board [data-host='{Host}'] li[data-alert='{AlertKey}'][data-state=Firing]");
        await alert.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var text = await alert.InnerTextAsync();
        Assert.Contains("Critical", text);
        Assert.Contains("disk-full on /data", text);
        Assert.Contains("95.5 %", text);
        Assert.Contains("threshold > 90 % (clears at ≤ 85 %)", text);
        Assert.Contains("firing since", text);
        Assert.Equal("1", await page.Locator("[data-metric=firing] .value").InnerTextAsync());
        Assert.Equal("1", (await page.Locator("#nav-alerts .badge").InnerTextAsync()).Trim());
        await DashboardSilo.ScreenshotAsync(page, "alerts");

        await PostAsync(dataPercent: 88); // inside the band: still firing, with the new value
        await page.WaitForFunctionAsync($"() => document.querySelector(\"li[data-alert='{AlertKey}'] .alert-value\")?.textContent === '88 %'", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal(1, await page.Locator($"li[data-alert='{AlertKey}'][data-state=Firing]").CountAsync());

        await PostAsync(dataPercent: 80);
        await page.Locator($"tr[data-resolved='{AlertKey}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(0, await page.Locator("li[data-alert]").CountAsync());
        Assert.Equal(0, await page.Locator("#nav-alerts .badge").CountAsync());
        Assert.Contains("95.5 %", await page.Locator($"tr[data-resolved='{AlertKey}']").InnerTextAsync()); // its peak
        Assert.Equal(0, navigations);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_host_page_shows_its_firing_alert_and_the_alerts_page_fits_a_phone()
    {
        await PostAsync(dataPercent: 97);

        var (hostPage, hostErrors) = await DashboardSilo.OpenAsync(_browser, _silo.Address, "/hosts/" + Host);
        Assert.Contains("disk-full on /data", await hostPage.Locator($"#host-alerts li[data-alert='{AlertKey}']").InnerTextAsync());
        Assert.Empty(hostErrors);
        await hostPage.Context.CloseAsync();

        var (page, errors) = await DashboardSilo.OpenAsync(_browser, _silo.Address, "/alerts", width: 390, height: 844);
        await WaitForLiveAsync(page);
        Assert.Equal(1, await page.Locator($"li[data-alert='{AlertKey}']").CountAsync());
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than a 390 px phone.");
        await DashboardSilo.ScreenshotAsync(page, "alerts-phone");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private Task PostAsync(double dataPercent) => DashboardSilo.PostExampleAsync(_silo.Http, "host-full.json", o =>
    {
        o["seq"] = Interlocked.Increment(ref _seq);
        o["host"] = "alert-box";
        var data = o["metrics"]!["filesystems"]!.AsArray().Single(f => (string)f!["mount"]! == "/data")!;
        data["usedBytes"] = (long)((double)data["sizeBytes"]! * dataPercent / 100);
    });

    private static Task WaitForLiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getElementById('live-status')?.textContent === 'Live'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
}
