using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// The dashboard in real Chromium against a real silo process: every page shows real data without console errors,
/// navigation works by clicking, values arrive live (with their latency measured), a crashed silo's pages recover.
/// Screenshots of each page land in <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class DashboardPageTests(DashboardSilo silo, ITestOutputHelper output) : IClassFixture<DashboardSilo>
{
    private static long _seq = 10_000;

    [Fact]
    public async Task The_fleet_page_shows_each_dc_and_the_hosts_needing_attention()
    {
        await PostExamplesAsync();

        var (page, errors) = await silo.OpenAsync("/");
        await DashboardSilo.ScreenshotAsync(page, "fleet");

        Assert.Equal("Fleet · Turtle", await page.TitleAsync());
        Assert.Contains("DC1", await page.Locator("[data-dc=dc1] h2").InnerTextAsync());
        Assert.Contains("of 1 hosts healthy", await page.Locator("[data-dc=dc2]").InnerTextAsync());
        // udm-pro's /data is 88 % full: Warning, listed first under Needs attention.
        Assert.Contains("udm-pro", await page.Locator("tr[data-host='dc1/udm-pro']").InnerTextAsync());
        await WaitForLiveAsync(page);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Fleet_to_dc_to_host_to_process_is_a_click_each()
    {
        await PostExamplesAsync();
        var (page, errors) = await silo.OpenAsync("/");
        // Each page's stream starts by refreshing its regions; click once that happened, as a person would.
        await WaitForLiveAsync(page);

        await ClickThroughAsync(page, "[data-dc=dc2] h2 a", "**/dcs/dc2");
        await DashboardSilo.ScreenshotAsync(page, "dc");
        Assert.Equal("DC2 · Turtle", await page.TitleAsync());
        await WaitForLiveAsync(page);

        await ClickThroughAsync(page, "tr[data-host='dc2/nas'] a", "**/hosts/dc2/nas");
        Assert.Equal("nas · Turtle", await page.TitleAsync());
        Assert.Equal(3, await page.Locator("#host-processes tbody tr").CountAsync());
        await WaitForLiveAsync(page);

        await ClickThroughAsync(page, "#host-processes tbody tr:first-child a", "**/hosts/dc2/nas/processes/**");
        await DashboardSilo.ScreenshotAsync(page, "process");
        Assert.Contains("restic", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("restic backup /srv", await page.Locator("dl.facts").InnerTextAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Each_new_observation_reaches_the_host_page_live_without_a_reload()
    {
        await PostExamplesAsync();
        var (page, errors) = await silo.OpenAsync("/hosts/dc1/udm-pro");
        await WaitForLiveAsync(page);
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        var latencies = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            // 0.1 % to 5.0 %: each shown differently ("0.1 %" … "5.0 %") and none equal to the example's 23.5 %.
            var cpu = (i + 1) / 10.0;
            var expected = cpu.ToString("0.0", CultureInfo.InvariantCulture) + " %";
            var clock = Stopwatch.StartNew();
            await silo.PostExampleAsync("host-full.json", o => Update(o, cpu));
            await page.WaitForFunctionAsync(
                "expected => document.querySelector('[data-metric=cpu] .value')?.textContent === expected", expected, new PageWaitForFunctionOptions { Timeout = 5_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        await DashboardSilo.ScreenshotAsync(page, "host-live");
        latencies.Sort();
        var p50 = latencies[24];
        var p99 = latencies[^1]; // of 50 samples, the 99th percentile is the largest
        // Printed, not asserted: a shared CI machine stalls now and then, and speed is the benchmark's to judge
        // (tests/Turtle.Twin.Benchmarks -- dashboard prints change → event under load against a baseline request).
        output.WriteLine($"dashboard_change_to_screen_p50 {p50:0.0} ms");
        output.WriteLine($"dashboard_change_to_screen_p99 {p99:0.0} ms");
        Assert.Equal(0, navigations);
        // The chart got the points too: one per observation, drawn in place.
        Assert.True(int.Parse(await page.Locator("#chart-el-cpu").GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture) >= 40);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_recovers_its_live_stream_after_the_silo_crashes_and_restarts()
    {
        await PostExamplesAsync();
        var (page, errors) = await silo.OpenAsync("/hosts/dc1/udm-pro");
        await WaitForLiveAsync(page);

        await silo.CrashAndRestartAsync();
        await page.WaitForFunctionAsync("() => window.turtleLive.opened >= 2", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await silo.PostExampleAsync("host-full.json", o => Update(o, 77.5));

        await page.WaitForFunctionAsync("() => document.querySelector('[data-metric=cpu] .value')?.textContent === '78 %'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal("Live", await page.Locator("#live-status").InnerTextAsync());
        // The browser logs its failed reconnection attempts while the silo is down; nothing else may fail.
        Assert.All(errors, e => Assert.True(e.Contains("Failed to load resource", StringComparison.Ordinal) || e.Contains("dashboard/live", StringComparison.Ordinal), e));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_show_their_data_with_javascript_off()
    {
        await PostExamplesAsync();

        var (fleet, _) = await silo.OpenAsync("/", javaScript: false);
        Assert.Contains("udm-pro", await fleet.Locator("#fleet-overview").InnerTextAsync());
        var (dc, _) = await silo.OpenAsync("/dcs/dc1?sort=name&dir=asc", javaScript: false);
        Assert.Equal("dc1/udm-pro", await dc.Locator("#dc-hosts tbody tr").First.GetAttributeAsync("data-host"));
        var (host, _) = await silo.OpenAsync("/hosts/dc1/udm-pro", javaScript: false);
        await DashboardSilo.ScreenshotAsync(host, "host-no-javascript");
        Assert.Contains("88 %", await host.Locator("[data-mount='/data']").InnerTextAsync());
        Assert.Equal("Static", await host.Locator("#live-status").InnerTextAsync());
        Assert.Contains("too little history", await host.Locator("#host-predictions [data-prediction-mount='/data']").InnerTextAsync());
        foreach (var page in new[] { fleet, dc, host })
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_topology_and_cluster_pages_draw_the_fleet_and_the_silo()
    {
        await PostExamplesAsync();

        var (topology, errors) = await silo.OpenAsync("/topology");
        await topology.WaitForSelectorAsync("[data-topology][data-ready=true] canvas");
        await DashboardSilo.ScreenshotAsync(topology, "topology");
        Assert.Contains("dc2/nas", await topology.Locator("table").InnerTextAsync());

        var (cluster, clusterErrors) = await silo.OpenAsync("/cluster");
        // Calls are counted while the page watches: the next observation shows up as a rate within a second or two.
        await WaitForLiveAsync(cluster);
        for (var i = 0; i < 3; i++)
        {
            await PostExamplesAsync();
            await Task.Delay(400);
        }

        await cluster.WaitForSelectorAsync("tr[data-method='Turtle.Twin.IHostGrain.Observe']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await DashboardSilo.ScreenshotAsync(cluster, "cluster");
        Assert.Contains("(this one)", await cluster.Locator("tr[data-silo]").First.InnerTextAsync());
        Assert.Contains("host", await cluster.Locator("section[aria-label=Activations]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.Empty(clusterErrors);
        await topology.Context.CloseAsync();
        await cluster.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dcs/dc1")]
    [InlineData("/hosts/dc1/udm-pro")]
    [InlineData("/failover")]
    public async Task Pages_fit_a_phone_without_sideways_scrolling(string path)
    {
        await PostExamplesAsync();

        var (page, errors) = await silo.OpenAsync(path, width: 390, height: 844);
        await DashboardSilo.ScreenshotAsync(page, "phone" + path.Replace('/', '-').TrimEnd('-'));

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{path} is {overflow} px wider than the screen");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_host_is_a_404_page_that_says_so()
    {
        var (page, _) = await silo.OpenAsync("/hosts/dc1/no-such-host");

        Assert.Contains("Nothing has been observed at /hosts/dc1/no-such-host", await page.Locator("main").InnerTextAsync());
        var response = await silo.Http.GetAsync("hosts/dc1/no-such-host");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Clicks a link and waits for its page. The live stream replaces a region whenever its content changed ("seen 3 s
    /// ago" changes every second), and a click whose press and release straddle a replacement is lost, by a person as
    /// by the test: clicked again once, as a person would, if the page did not change within 10 s.
    /// </summary>
    private static async Task ClickThroughAsync(IPage page, string link, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.ClickAsync(link);
            try
            {
                await page.WaitForURLAsync(url, new PageWaitForURLOptions { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 2)
            {
            }
        }
    }

    private static Task WaitForLiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getElementById('live-status')?.textContent === 'Live'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

    /// <summary>Both examples, with fresh sequence numbers (the silo is shared by the class's tests).</summary>
    private async Task PostExamplesAsync()
    {
        await silo.PostExampleAsync("host-full.json", o => o["seq"] = Interlocked.Increment(ref _seq));
        await silo.PostExampleAsync("host-with-processes-and-links.json", o => o["seq"] = Interlocked.Increment(ref _seq));
    }

    private static void Update(JsonObject observation, double cpu)
    {
        observation["seq"] = Interlocked.Increment(ref _seq);
        observation["metrics"]!["cpu"]!["percent"] = cpu;
    }
}
