using Microsoft.Playwright;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// The Failover page in Chromium against three silo processes as three DCs (dc1, dc2 active, dc3 observer) on a real
/// PostgreSQL: it shows each DC's health from three vantage points, then, without a reload, dc1's loss, dc3's promotion
/// under epoch 1 and the decisions that led there. The observer's fleet page, from its replicas, shows dc1 failed over.
/// </summary>
public sealed class FailoverPageTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private readonly Dictionary<string, AppProcess> _silos = [];
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        foreach (var (dc, role) in new[] { ("dc1", "active"), ("dc2", "active"), ("dc3", "observer") })
        {
            _silos[dc] = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
            {
                ["Turtle__Clustering__Provider"] = "postgres",
                ["Turtle__Storage__Provider"] = "postgres",
                ["ConnectionStrings__Turtle"] = _database.ConnectionString,
                ["Turtle__ClusterId"] = "failover-page",
                ["Turtle__SiloName"] = $"{dc}-silo",
                ["Turtle__Dc"] = dc,
                ["Turtle__Role"] = role,
                ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
                ["Turtle__GatewayPort"] = AppProcess.Text(AppProcess.FreePort()),
                ["Turtle__DataDir"] = Directory.CreateTempSubdirectory($"turtle-page-{dc}-").FullName,
                ["Turtle__Collector__Enabled"] = "false",
                ["Turtle__Failover__Enabled"] = "true",
            });
        }

        await Task.WhenAll(_silos.Values.Select(s => s.StartAsync("health/ready")));
        (_playwright, _browser) = await DashboardSilo.LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        foreach (var silo in _silos.Values)
        {
            silo.Dispose();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_failover_page_shows_three_vantage_points_then_the_promotion_live()
    {
        await DashboardSilo.PostExampleAsync(_silos["dc1"].Http, "host-full.json");
        var (page, errors) = await DashboardSilo.OpenAsync(_browser, _silos["dc2"].Address, "/failover");
        await page.WaitForSelectorAsync("#live-status[data-state=live]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var allUp = new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 };
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#failover-state tr[data-health=Up]').length === 3", null, allUp);
        await DashboardSilo.ScreenshotAsync(page, "failover-normal");
        Assert.Contains("Normal", await page.Locator("[data-metric=phase]").InnerTextAsync());

        _silos["dc1"].Kill();

        // No reload: the live stream re-renders the page every second.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-metric=phase]')?.textContent.includes('Promoted')", null,
            new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 });
        await DashboardSilo.ScreenshotAsync(page, "failover-promoted");
        var state = await page.Locator("#failover-state").InnerTextAsync();
        Assert.Contains("dc3 (promoted)", state);
        Assert.Contains("dc1 declared down: two of three vantage points lost it", state);
        Assert.Contains("dc3 promoted under epoch 1", state);
        Assert.Equal("1", (await page.Locator("[data-metric=epoch] .value").InnerTextAsync()).Trim());

        var (fleet, fleetErrors) = await DashboardSilo.OpenAsync(_browser, _silos["dc3"].Address, "/");
        await DashboardSilo.ScreenshotAsync(fleet, "failover-observer-fleet");
        // The observer answers from its replicas: dc1's card, and dc1's part in the failover.
        Assert.Contains("failed over (Promoted)", await fleet.Locator("[data-dc=dc1]").InnerTextAsync());

        Assert.Empty(errors);
        Assert.Empty(fleetErrors);
        await page.Context.CloseAsync();
        await fleet.Context.CloseAsync();
    }
}
