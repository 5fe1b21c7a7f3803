using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Collector.Buffering;
using Turtle.Collector.Configuration;
using Turtle.Collector.Shipping;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Configuration;

/// <summary>Every setting the validator checks, each with the message that names it.</summary>
public class CollectorOptionsValidatorTests
{
    private const string Machine = "web-1";

    private static readonly CollectorOptions Good = new() { Gateways = ["http://silo-1:5080"], Dc = "dc1" };

    private static readonly ScrapeTarget Router = new() { Url = "http://192.168.1.1:9100/metrics", Host = "router" };

    private static readonly string LongDc = new('d', 32);

    private static readonly string LongHost = new('h', 128);

    private static readonly LinkTarget Gw = new() { To = "dc2/gw", Target = "10.0.2.1:22" };

    [Fact]
    public void Good_options_have_no_error()
    {
        Assert.Empty(CollectorOptionsValidator.Errors(Good, Machine));
        Assert.Empty(CollectorOptionsValidator.Errors(Good with
        {
            Gateways = ["http://a:5080", "https://b.example/turtle"],
            Host = "Web_1.example",
            CollectorId = "web-1:agent.v2",
            Interval = 3600,
            Scrape = [Router, new ScrapeTarget { Url = "https://10.0.0.2/metrics", Host = "switch", Dc = "dc2", CollectorId = "sw", TimeoutSeconds = 600 }],
            Links = [Gw, new LinkTarget { To = "dc3", Target = "[fd00::3]:443", Count = 20, TimeoutSeconds = 60 }, Gw with { To = "dc1/router", Target = "router.dc1:80", Count = 1 }],
        }, Machine));
    }

    public static TheoryData<CollectorOptions, string> Mistakes => new()
    {
        { Good with { Gateways = [] }, "no gateway: give one or more with --gateway URL (gateways: in the config file)" },
        { Good with { Gateways = ["silo-1:5080"] }, "gateway 'silo-1:5080' is not an absolute http:// or https:// address" },
        { Good with { Gateways = ["ftp://silo-1"] }, "gateway 'ftp://silo-1' is not an absolute http:// or https:// address" },
        { Good with { Gateways = ["/api/v1/observations"] }, "gateway '/api/v1/observations' is not an absolute http:// or https:// address" },
        { Good with { Dc = null }, "no DC: give it with --dc NAME (dc: in the config file)" },
        { Good with { Dc = "DC1" }, "dc 'DC1' is not a DC name: 1 to 32 lower-case letters, digits and -, starting with a letter or digit" },
        { Good with { Dc = "dc_1" }, "dc 'dc_1' is not a DC name: 1 to 32 lower-case letters, digits and -, starting with a letter or digit" },
        { Good with { Dc = "" }, "dc '' is not a DC name: 1 to 32 lower-case letters, digits and -, starting with a letter or digit" },
        { Good with { Dc = new string('d', 33) }, $"dc '{new string('d', 33)}' is not a DC name: 1 to 32 lower-case letters, digits and -, starting with a letter or digit" },
        { Good with { Host = "web 1" }, "host 'web 1' is not a host name: 1 to 128 letters, digits and . _ -, starting with a letter or digit" },
        { Good with { Host = "-web" }, "host '-web' is not a host name: 1 to 128 letters, digits and . _ -, starting with a letter or digit" },
        { Good with { CollectorId = "agent/1" }, "collectorId 'agent/1' is not a collector id: 1 to 256 letters, digits and . _ : -, starting with a letter or digit" },
        { Good with { CollectorId = "" }, "collectorId '' is not a collector id: 1 to 256 letters, digits and . _ : -, starting with a letter or digit" },
        { Good with { Interval = 0.5 }, "interval must be between 1 and 3600 seconds, but is 0.5" },
        { Good with { Interval = 3601 }, "interval must be between 1 and 3600 seconds, but is 3601" },
        { Good with { Interval = double.NaN }, "interval must be between 1 and 3600 seconds, but is NaN" },
        { Good with { ObserveThisHost = false }, "nothing to observe: observeThisHost is false and there are no scrape targets" },
        { Good with { Root = " " }, "root must name a directory" },
        { Good with { Processes = new() { TopByCpu = 1001 } }, "processes.topByCpu must be between 0 and 1000" },
        { Good with { Processes = new() { TopByMemory = -1 } }, "processes.topByMemory must be between 0 and 1000" },
        { Good with { Processes = new() { Watched = ["nginx", " "] } }, "processes.watched must not hold empty names" },
        { Good with { Scrape = [Router with { Url = "192.168.1.1:9100" }] }, "scrape[0].url '192.168.1.1:9100' is not an absolute http:// or https:// address" },
        { Good with { Scrape = [Router, Router with { Host = null }] }, "scrape[1].host is required" },
        { Good with { Scrape = [Router with { Host = "my router" }] }, "scrape[0].host 'my router' is not a host name" },
        { Good with { Scrape = [Router with { Dc = "DC2" }] }, "scrape[0].dc 'DC2' is not a DC name" },
        { Good with { Scrape = [Router with { CollectorId = "-x" }] }, "scrape[0].collectorId '-x' is not a collector id" },
        { Good with { Scrape = [Router with { TimeoutSeconds = 0 }] }, "scrape[0].timeoutSeconds must be above 0 and at most 600, but is 0" },
        { Good with { Scrape = [Router with { TimeoutSeconds = 601 }] }, "scrape[0].timeoutSeconds must be above 0 and at most 600, but is 601" },
        { Good with { Links = [Gw with { To = null }] }, "links[0].to is required" },
        { Good with { Links = [Gw with { To = "dc2/" }] }, "links[0].to 'dc2/' is neither a host key (dc2/gw) nor a DC name (dc2)" },
        { Good with { Links = [Gw with { To = "DC2" }] }, "links[0].to 'DC2' is neither a host key (dc2/gw) nor a DC name (dc2)" },
        { Good with { Links = [Gw with { To = "dc1/web-1" }] }, "links[0].to 'dc1/web-1' is the observed host itself" },
        { Good with { Host = "gw", Links = [Gw, Gw with { To = "dc1/gw" }] }, "links[1].to 'dc1/gw' is the observed host itself" },
        { Good with { Links = [Gw, Gw with { To = "dc3" }, Gw with { Target = "10.0.2.2:22" }] }, "links[2].to 'dc2/gw' repeats links[0].to; each link needs its own to" },
        { Good with { Dc = LongDc, Host = LongHost, Links = [Gw with { To = "dc2/" + LongHost }] }, $"links[0].to 'dc2/{LongHost}' makes the link's key ({LongDc}/{LongHost}->dc2/{LongHost}) longer than 256 characters" },
        { Good with { Links = [Gw with { Target = null }] }, "links[0].target is required" },
        { Good with { Links = [Gw with { Target = "10.0.2.1" }] }, "links[0].target '10.0.2.1' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)" },
        { Good with { Links = [Gw with { Target = "fd00::1:443" }] }, "links[0].target 'fd00::1:443' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)" },
        { Good with { Links = [Gw with { Target = "10.0.2.1:70000" }] }, "links[0].target '10.0.2.1:70000' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)" },
        { Good with { Links = [Gw with { Count = 0 }] }, "links[0].count must be between 1 and 20, but is 0" },
        { Good with { Links = [Gw with { Count = 21 }] }, "links[0].count must be between 1 and 20, but is 21" },
        { Good with { Links = [Gw with { TimeoutSeconds = 0 }] }, "links[0].timeoutSeconds must be above 0, at most 60 and below the interval (5 s), but is 0" },
        { Good with { Links = [Gw with { TimeoutSeconds = 5 }] }, "links[0].timeoutSeconds must be above 0, at most 60 and below the interval (5 s), but is 5" },
        { Good with { Interval = 120, Links = [Gw with { TimeoutSeconds = 61 }] }, "links[0].timeoutSeconds must be above 0, at most 60 and below the interval (120 s), but is 61" },
        { Good with { Interval = 1, Links = [Gw] }, "links[0].timeoutSeconds must be above 0, at most 60 and below the interval (1 s), but is 1" },
        { Good with { ObserveThisHost = false, Scrape = [Router], Links = [Gw] }, "links are probed from this machine, but observeThisHost is false" },
        { Good with { Links = Enumerable.Range(0, 257).Select(i => Gw with { To = $"dc2/h{i}" }).ToList() }, "links holds 257 links, but one observation carries at most 256" },
        { Good with { Buffer = new BufferOptions { Directory = "" } }, "buffer.directory must name a directory (--buffer DIR)" },
        { Good with { Buffer = new BufferOptions { MaxBytes = 65535 } }, "buffer.maxBytes must be at least 65536 (64 KiB), but is 65535" },
        { Good with { Buffer = new BufferOptions { SegmentBytes = 4095 } }, "buffer.segmentBytes must be at least 4096, but is 4095" },
        { Good with { Shipping = new ShipperOptions { RequestTimeoutSeconds = 0 } }, "shipping.requestTimeoutSeconds must be above 0 and at most 600, but is 0" },
        { Good with { Shipping = new ShipperOptions { BatchesPerRequest = 0 } }, "shipping.batchesPerRequest must be between 1 and 1000, but is 0" },
        { Good with { Shipping = new ShipperOptions { BatchesPerRequest = 1001 } }, "shipping.batchesPerRequest must be between 1 and 1000, but is 1001" },
        { Good with { Shipping = new ShipperOptions { MaxRequestBytes = 1000 } }, "shipping.maxRequestBytes must be at least 65536, but is 1000" },
        { Good with { Shipping = new ShipperOptions { BackoffInitialSeconds = 0 } }, "shipping.backoffInitialSeconds (0) and backoffMaxSeconds (60) must satisfy 0 < initial <= max <= 3600" },
        { Good with { Shipping = new ShipperOptions { BackoffInitialSeconds = 10, BackoffMaxSeconds = 5 } }, "shipping.backoffInitialSeconds (10) and backoffMaxSeconds (5) must satisfy 0 < initial <= max <= 3600" },
        { Good with { Shipping = new ShipperOptions { BackoffMaxSeconds = 3601 } }, "shipping.backoffInitialSeconds (1) and backoffMaxSeconds (3601) must satisfy 0 < initial <= max <= 3600" },
        { Good with { CpuBudgetPercent = 0 }, "cpuBudgetPercent must be above 0 (percent of one CPU), but is 0" },
        { Good with { MemoryBudgetBytes = 1024 }, "memoryBudgetBytes must be at least 1048576 (1 MiB), but is 1024" },
        { Good with { Scrape = [Router with { Host = Machine }] }, "host dc1/web-1 is observed 2 times; each scrape target needs its own host (or dc)" },
        { Good with { Host = "gw", Scrape = [Router with { Host = "gw" }] }, "host dc1/gw is observed 2 times; each scrape target needs its own host (or dc)" },
        { Good with { Scrape = [Router, Router, Router] }, "host dc1/router is observed 3 times; each scrape target needs its own host (or dc)" },
        { Good with { Scrape = [Router with { Dc = "dc2" }, Router with { Dc = "dc2", Url = "http://other/metrics" }] }, "host dc2/router is observed 2 times; each scrape target needs its own host (or dc)" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_is_named_in_its_own_message(CollectorOptions options, string error)
    {
        Assert.Equal([error], CollectorOptionsValidator.Errors(options, Machine));
    }

    [Fact]
    public void The_same_host_in_another_dc_is_another_host()
    {
        Assert.Empty(CollectorOptionsValidator.Errors(Good with { Scrape = [Router, Router with { Dc = "dc2" }] }, Machine));
    }

    [Fact]
    public void A_link_to_the_host_itself_is_caught_whatever_names_the_host()
    {
        // Default host: the machine's name, made a host name; the silo would refuse every batch carrying such a link.
        Assert.Equal(["links[0].to 'dc1/web-1' is the observed host itself"], CollectorOptionsValidator.Errors(Good with { Links = [Gw with { To = "dc1/web-1" }] }, "WEB-1"));
        Assert.Empty(CollectorOptionsValidator.Errors(Good with { Links = [Gw with { To = "dc1/web-1" }] }, "web-2"));
    }

    [Fact]
    public void Link_mistakes_are_reported_with_the_hosts_own()
    {
        var errors = CollectorOptionsValidator.Errors(Good with { Host = "bad host", Interval = 0, Links = [Gw with { Count = 0 }] }, Machine);

        Assert.Equal(
        [
            "host 'bad host' is not a host name: 1 to 128 letters, digits and . _ -, starting with a letter or digit",
            "interval must be between 1 and 3600 seconds, but is 0",
            "links[0].count must be between 1 and 20, but is 0",
        ], errors);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var errors = CollectorOptionsValidator.Errors(new CollectorOptions { Interval = 0, Buffer = new BufferOptions { MaxBytes = 1 } }, Machine);

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("no gateway", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("no DC", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("interval", errors[2], StringComparison.Ordinal);
        Assert.StartsWith("buffer.maxBytes", errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public void As_an_options_validator_it_fails_with_the_same_messages()
    {
        var result = new CollectorOptionsValidator().Validate(null, Good with { Gateways = [] });

        Assert.True(result.Failed);
        Assert.Equal(["no gateway: give one or more with --gateway URL (gateways: in the config file)"], result.Failures);
        Assert.True(new CollectorOptionsValidator().Validate(null, Good with { Host = "h" }).Succeeded);
    }

    [Theory]
    [InlineData(1, 64 * 1024)]
    [InlineData(4, 64 * 1024)] // 16 KiB each: just enough
    [InlineData(5, 64 * 1024)] // 13 KiB each: too little
    [InlineData(5, 80 * 1024)]
    [InlineData(6, 96 * 1024)]
    [InlineData(7, 100 * 1024)]
    public void The_buffer_is_shared_so_each_observed_host_must_get_a_buffer_it_can_open(int hosts, long maxBytes)
    {
        var options = Good with
        {
            Buffer = new BufferOptions { MaxBytes = maxBytes },
            Scrape = Enumerable.Range(1, hosts - 1).Select(i => Router with { Host = $"router-{i}" }).ToList(),
        };

        var errors = CollectorOptionsValidator.Errors(options, Machine);

        // Accepted exactly when every host's share opens, as the collector service opens them at start.
        using var dir = new TempDirectory();
        var opens = ObservedHost.Plan(options, Machine).All(host =>
        {
            try
            {
                DiskBuffer.Open(dir.Combine(host.BufferFolder), host.Key, options.Buffer.MaxBytes / hosts, options.Buffer.SegmentBytes, NullLogger.Instance).Dispose();
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        });
        Assert.Equal(opens, errors.Count == 0);
        if (!opens)
        {
            Assert.Equal([$"buffer.maxBytes is shared by the {hosts} observed hosts and must give each at least 16384 bytes, so be at least {hosts * 16384}, but is {maxBytes}"], errors);
        }
    }
}
