using Turtle.Collector.Agent;
using Turtle.Collector.Configuration;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Agent;

/// <summary>The YAML file and the command line together, bound and checked as the executable does before it starts.</summary>
public sealed class CollectorSettingsTests : IDisposable
{
    private const string File_ = """
        gateways:
          - http://silo-1:5080
          - http://silo-2:5080
          - http://silo-3:5080
        dc: dc1
        host: web-1
        interval: 10
        processes:
          topByCpu: 3
          watched: [nginx, postgres]
        buffer:
          directory: /var/lib/turtle-collector
          maxBytes: 8388608
          segmentBytes: 65536
        shipping:
          batchesPerRequest: 20
          requestTimeoutSeconds: 4
          backoffMaxSeconds: 30
        scrape:
          - url: http://192.168.1.1:9100/metrics
            host: router
          - url: http://10.0.0.2:9100/metrics
            host: switch
            dc: dc2
            collectorId: switch-scraper
            timeoutSeconds: 2
        links:
          - to: dc2/gw
            target: 10.0.2.1:22
          - to: dc3
            target: "[fd00::3]:443"
            count: 5
            timeoutSeconds: 0.5
        cpuBudgetPercent: 5
        memoryBudgetBytes: 100000000
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_file_with_nested_settings_and_a_scrape_list_binds_to_the_options()
    {
        var options = Valid(CollectorSettings.Load(CommandLine.Parse(["--config", Write(File_)])));

        Assert.Equal(["http://silo-1:5080", "http://silo-2:5080", "http://silo-3:5080"], options.Gateways);
        Assert.Equal("dc1", options.Dc);
        Assert.Equal("web-1", options.Host);
        Assert.Equal(10, options.Interval);
        Assert.Equal(3, options.Processes.TopByCpu);
        Assert.Equal(["nginx", "postgres"], options.Processes.Watched);
        Assert.Equal("/var/lib/turtle-collector", options.Buffer.Directory);
        Assert.Equal(8388608, options.Buffer.MaxBytes);
        Assert.Equal(65536, options.Buffer.SegmentBytes);
        Assert.Equal(20, options.Shipping.BatchesPerRequest);
        Assert.Equal(4, options.Shipping.RequestTimeoutSeconds);
        Assert.Equal(30, options.Shipping.BackoffMaxSeconds);
        Assert.Equal(1, options.Shipping.BackoffInitialSeconds); // not in the file: the default
        Assert.Equal(5, options.CpuBudgetPercent);
        Assert.Equal(100000000, options.MemoryBudgetBytes);
        Assert.Equal(2, options.Scrape.Count);
        Assert.Equal(new ScrapeTarget { Url = "http://192.168.1.1:9100/metrics", Host = "router" }, options.Scrape[0]);
        Assert.Equal(new ScrapeTarget { Url = "http://10.0.0.2:9100/metrics", Host = "switch", Dc = "dc2", CollectorId = "switch-scraper", TimeoutSeconds = 2 }, options.Scrape[1]);
        Assert.Equal(
        [
            new LinkTarget { To = "dc2/gw", Target = "10.0.2.1:22", Count = LinkTarget.DefaultCount, TimeoutSeconds = LinkTarget.DefaultTimeoutSeconds },
            new LinkTarget { To = "dc3", Target = "[fd00::3]:443", Count = 5, TimeoutSeconds = 0.5 },
        ], options.Links);
    }

    [Fact]
    public void A_bad_link_in_the_file_stops_the_collector_naming_the_setting()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write("gateways: [http://a:5080]\ndc: dc1\nlinks:\n  - to: dc2/gw\n    target: 10.0.2.1\n")]));

        var (options, errors) = CollectorSettings.Check(settings);

        Assert.Null(options);
        Assert.Equal(["links[0].target '10.0.2.1' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)"], errors);
    }

    [Fact]
    public void A_link_timeout_that_fits_the_files_interval_may_not_fit_the_command_lines()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write(File_), "--interval", "1"]));

        var (_, errors) = CollectorSettings.Check(settings);

        Assert.Equal(["links[0].timeoutSeconds must be above 0, at most 60 and below the interval (1 s), but is 1"], errors);
    }

    [Fact]
    public void The_command_line_overrides_the_file_and_leaves_the_rest()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write(File_), "--dc", "dc7", "--interval", "30", "--buffer", "/tmp/b"]));

        var options = Valid(settings);
        Assert.Equal("dc7", options.Dc);
        Assert.Equal(30, options.Interval);
        Assert.Equal("/tmp/b", options.Buffer.Directory);
        Assert.Equal(8388608, options.Buffer.MaxBytes); // from the file
        Assert.Equal("web-1", options.Host);
        Assert.Equal(3, options.Gateways.Count);
    }

    [Fact]
    public void The_command_lines_gateways_replace_the_files_list()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--gateway", "http://local:5080", "--config", Write(File_)]));

        Assert.Equal(["http://local:5080"], Valid(settings).Gateways);
    }

    [Fact]
    public void Two_gateways_on_the_command_line_replace_three_in_the_file()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write(File_), "--gateway", "http://x:1", "--gateway", "http://y:2"]));

        Assert.Equal(["http://x:1", "http://y:2"], Valid(settings).Gateways);
    }

    [Fact]
    public void Without_a_file_the_command_line_is_all()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--gateway", "http://a:5080", "--dc", "dc1"]));

        var options = Valid(settings);
        Assert.Equal(["http://a:5080"], options.Gateways);
        Assert.Equal(CollectorOptions.DefaultInterval, options.Interval);
        Assert.Empty(options.Scrape);
    }

    [Fact]
    public void A_missing_file_is_a_settings_error()
    {
        var path = _dir.Combine("missing.yaml");

        var exception = Assert.Throws<SettingsException>(() => CollectorSettings.Load(CommandLine.Parse(["--config", path])));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus: 1\n", "Bogus")]
    [InlineData("gatway: http://a\n", "gatway")] // a misspelling is not ignored
    [InlineData("buffer:\n  maxbytes: 1\n  size: 2\n", "size")]
    [InlineData("shipping:\n  retries: 3\n", "retries")]
    [InlineData("scrape:\n  - url: http://r:9100/metrics\n    host: r\n    port: 9100\n", "port")]
    [InlineData("links:\n  - to: dc2\n    target: 10.0.2.1:22\n    timeout: 2\n", "timeout")] // the setting is timeoutSeconds
    public void An_unknown_setting_in_the_file_is_refused_naming_it(string yaml, string key)
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write("gateways: [http://a:5080]\ndc: dc1\n" + yaml)]));

        var (options, errors) = CollectorSettings.Check(settings);

        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Contains($"'{key}'", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("interval: abc\n", "Collector:interval")]
    [InlineData("buffer:\n  maxBytes: lots\n", "Collector:buffer:maxBytes")]
    [InlineData("observeThisHost: perhaps\n", "Collector:observeThisHost")]
    [InlineData("links:\n  - to: dc2\n    target: 10.0.2.1:22\n    count: three\n", "Collector:links:0:count")]
    public void A_value_of_the_wrong_type_is_refused_naming_the_setting(string yaml, string key)
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write("gateways: [http://a:5080]\ndc: dc1\n" + yaml)]));

        var (options, errors) = CollectorSettings.Check(settings);

        Assert.Null(options);
        Assert.Contains(key, Assert.Single(errors), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("gateways: http://silo-1:5080\n", "gateways must be a list, not the single value 'http://silo-1:5080'")]
    [InlineData("processes:\n  watched: nginx\n", "processes.watched must be a list, not the single value 'nginx'")]
    [InlineData("scrape: http://192.168.1.1:9100/metrics\n", "scrape must be a list, not the single value 'http://192.168.1.1:9100/metrics'")]
    [InlineData("scrape:\n  - http://192.168.1.1:9100/metrics\n", "scrape[0] must be a mapping of settings, not the single value 'http://192.168.1.1:9100/metrics'")]
    [InlineData("buffer: /var/lib/turtle\n", "buffer must be a mapping of settings, not the single value '/var/lib/turtle'")]
    [InlineData("Shipping: fast\n", "Shipping must be a mapping of settings, not the single value 'fast'")]
    [InlineData("processes: nginx\n", "processes must be a mapping of settings, not the single value 'nginx'")]
    [InlineData("links: 10.0.2.1:22\n", "links must be a list, not the single value '10.0.2.1:22'")]
    [InlineData("links:\n  - 10.0.2.1:22\n", "links[0] must be a mapping of settings, not the single value '10.0.2.1:22'")]
    public void A_single_value_where_a_list_or_mapping_belongs_is_refused_not_ignored(string yaml, string error)
    {
        // The binder skips such a value without a word: the gateway, watched process or scrape target would be dropped.
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write("dc: dc1\n" + yaml), "--gateway", "http://a:5080"]));

        var (options, errors) = CollectorSettings.Check(settings);

        Assert.Null(options);
        Assert.Equal([error], errors);
    }

    [Fact]
    public void Settings_that_bind_but_are_not_valid_give_the_validators_errors()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--interval", "0"]));

        var (options, errors) = CollectorSettings.Check(settings);

        Assert.Null(options);
        Assert.Equal(
        [
            "no gateway: give one or more with --gateway URL (gateways: in the config file)",
            "no DC: give it with --dc NAME (dc: in the config file)",
            "interval must be between 1 and 3600 seconds, but is 0",
        ], errors);
    }

    [Fact]
    public void An_empty_file_and_a_full_command_line_are_valid()
    {
        var settings = CollectorSettings.Load(CommandLine.Parse(["--config", Write(""), "--gateway", "http://a:5080", "--dc", "dc1"]));

        Assert.Equal("dc1", Valid(settings).Dc);
    }

    private static CollectorOptions Valid(Dictionary<string, string?> settings)
    {
        var (options, errors) = CollectorSettings.Check(settings);
        Assert.Empty(errors);
        return Assert.IsType<CollectorOptions>(options);
    }

    private string Write(string yaml)
    {
        var path = _dir.Combine($"collector-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
