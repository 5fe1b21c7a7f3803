using Microsoft.Playwright;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// The standalone dashboard (the DC3 observer's kind) as its own process, a cluster client of a separate silo process
/// coordinated through PostgreSQL: it shows the same fleet, live, with chart history read from the silo's API.
/// </summary>
public sealed class StandaloneDashboardTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private AppProcess _silo = null!;
    private AppProcess _dashboard = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        var gateway = AppProcess.FreePort();
        _silo = new AppProcess("Turtle.Silo.dll", new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Collector__Enabled"] = "false",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = _database.ConnectionString,
            ["Turtle__SiloPort"] = AppProcess.Text(AppProcess.FreePort()),
            ["Turtle__GatewayPort"] = AppProcess.Text(gateway),
        });
        await _silo.StartAsync("health/ready");
        _dashboard = new AppProcess("Turtle.Dashboard.Host.dll", new Dictionary<string, string>
        {
            ["Turtle__Client__Gateways__0"] = $"127.0.0.1:{gateway}",
            ["Turtle__Dashboard__SiloApi"] = _silo.Address.ToString(),
        });
        await _dashboard.StartAsync("health/live");
        (_playwright, _browser) = await DashboardSilo.LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        _dashboard.Dispose();
        _silo.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_standalone_dashboard_shows_the_silos_fleet_live_with_its_history()
    {
        await DashboardSilo.PostExampleAsync(_silo.Http, "host-full.json");
        await DashboardSilo.PostExampleAsync(_silo.Http, "host-with-processes-and-links.json");

        var (fleet, errors) = await DashboardSilo.OpenAsync(_browser, _dashboard.Address, "/");
        await DashboardSilo.ScreenshotAsync(fleet, "standalone-fleet");
        Assert.Equal(2, await fleet.Locator("[data-dc]").CountAsync());
        Assert.Contains("udm-pro", await fleet.Locator("#fleet-overview").InnerTextAsync());

        var (host, hostErrors) = await DashboardSilo.OpenAsync(_browser, _dashboard.Address, "/hosts/dc1/udm-pro");
        // History came through the silo's API: the CPU chart starts with the posted sample.
        Assert.Contains("\"times\":[", await host.Locator("#chart-cpu").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("\"times\":[]", await host.Locator("#chart-cpu").TextContentAsync() ?? "", StringComparison.Ordinal);
        await host.WaitForFunctionAsync("() => document.getElementById('live-status')?.textContent === 'Live'");
        await DashboardSilo.PostExampleAsync(_silo.Http, "host-full.json", o =>
        {
            o["seq"] = 2;
            o["metrics"]!["cpu"]!["percent"] = 3.3;
        });
        await host.WaitForFunctionAsync("() => document.querySelector('[data-metric=cpu] .value')?.textContent === '3.3 %'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await DashboardSilo.ScreenshotAsync(host, "standalone-host");

        var (cluster, _) = await DashboardSilo.OpenAsync(_browser, _dashboard.Address, "/cluster");
        Assert.Contains("runs as a client", await cluster.Locator("main").InnerTextAsync());
        Assert.Empty(errors);
        Assert.Empty(hostErrors);
    }
}
