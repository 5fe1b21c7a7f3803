using Turtle.Collector.Configuration;

namespace Turtle.Collector.Tests.Configuration;

/// <summary>The hosts a configuration observes, defaults filled in.</summary>
public class ObservedHostTests
{
    private static readonly CollectorOptions Options = new() { Gateways = ["http://silo:5080"], Dc = "dc1" };

    [Fact]
    public void This_machine_by_default_under_its_machine_name_with_collector_id_dc_host()
    {
        var host = Assert.Single(ObservedHost.Plan(Options, "Web-Server_01"));

        Assert.Equal(new ObservedHost("dc1", "web-server_01", "dc1-web-server_01"), host);
        Assert.Null(host.ScrapeUrl);
        Assert.Equal("dc1/web-server_01", host.Key);
        Assert.Equal("dc1_web-server_01", host.BufferFolder);
    }

    [Fact]
    public void A_host_and_collector_id_given_are_used()
    {
        var host = Assert.Single(ObservedHost.Plan(Options with { Host = "edge", CollectorId = "edge-agent" }, "ignored"));

        Assert.Equal(new ObservedHost("dc1", "edge", "edge-agent"), host);
    }

    [Fact]
    public void The_collector_id_default_follows_a_given_host()
    {
        Assert.Equal("dc1-edge", ObservedHost.Plan(Options with { Host = "edge" }, "ignored")[0].CollectorId);
    }

    [Fact]
    public void Scrape_targets_follow_this_machine_in_order_with_the_collectors_dc_by_default()
    {
        var hosts = ObservedHost.Plan(Options with
        {
            Scrape =
            [
                new ScrapeTarget { Url = "http://192.168.1.1:9100/metrics", Host = "router" },
                new ScrapeTarget { Url = "http://10.0.0.2:9100/metrics", Host = "switch", Dc = "dc2", CollectorId = "switch-scraper", TimeoutSeconds = 2.5 },
            ],
        }, "web-1");

        Assert.Equal(
        [
            new ObservedHost("dc1", "web-1", "dc1-web-1"),
            new ObservedHost("dc1", "router", "dc1-router", new Uri("http://192.168.1.1:9100/metrics"), TimeSpan.FromSeconds(ScrapeTarget.DefaultTimeoutSeconds)),
            new ObservedHost("dc2", "switch", "switch-scraper", new Uri("http://10.0.0.2:9100/metrics"), TimeSpan.FromSeconds(2.5)),
        ], hosts);
    }

    [Fact]
    public void Only_scrape_targets_when_this_machine_is_not_observed()
    {
        var hosts = ObservedHost.Plan(Options with { ObserveThisHost = false, Scrape = [new ScrapeTarget { Url = "http://r/metrics", Host = "router" }] }, "web-1");

        Assert.Equal(["dc1/router"], hosts.Select(h => h.Key));
    }

    [Fact]
    public void Options_not_yet_validated_do_not_throw()
    {
        var hosts = ObservedHost.Plan(new CollectorOptions { Scrape = [new ScrapeTarget { Url = "not a url" }] }, "web-1");

        Assert.Equal(2, hosts.Count);
        Assert.Null(hosts[1].ScrapeUrl);
        Assert.Equal("", hosts[1].Host);
        Assert.Equal("/web-1", hosts[0].Key);
    }
}
