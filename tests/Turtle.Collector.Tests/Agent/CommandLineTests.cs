using Turtle.Collector.Agent;

namespace Turtle.Collector.Tests.Agent;

/// <summary>The collector's command line, turned into configuration keys over the YAML file's.</summary>
public class CommandLineTests
{
    [Fact]
    public void Each_option_sets_its_key_in_the_collector_section()
    {
        var line = CommandLine.Parse(["--gateway", "http://silo-1:5080", "--dc", "dc1", "--host", "web-1", "--collector-id", "web-1-agent",
            "--interval", "2.5", "--buffer", "/var/lib/turtle"]);

        Assert.Null(line.Error);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Collector:Gateways:0"] = "http://silo-1:5080",
            ["Collector:Dc"] = "dc1",
            ["Collector:Host"] = "web-1",
            ["Collector:CollectorId"] = "web-1-agent",
            ["Collector:Interval"] = "2.5",
            ["Collector:Buffer:Directory"] = "/var/lib/turtle",
        }, line.Settings);
        Assert.Null(line.ConfigFile);
        Assert.False(line.Help || line.ShowVersion || line.Verbose);
    }

    [Fact]
    public void A_repeated_gateway_adds_to_the_list_in_order()
    {
        var line = CommandLine.Parse(["--gateway", "http://a:5080", "--dc", "dc1", "--gateway", "http://b:5080", "--gateway=http://c:5080"]);

        Assert.Null(line.Error);
        Assert.Equal("http://a:5080", line.Settings["Collector:Gateways:0"]);
        Assert.Equal("http://b:5080", line.Settings["Collector:Gateways:1"]);
        Assert.Equal("http://c:5080", line.Settings["Collector:Gateways:2"]);
        Assert.Equal(3, line.Settings.Keys.Count(k => k.StartsWith("Collector:Gateways:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--gateway=http://silo:5080/?a=b", "Collector:Gateways:0", "http://silo:5080/?a=b")] // only the first '=' splits
    [InlineData("--dc=dc2", "Collector:Dc", "dc2")]
    [InlineData("--interval=10", "Collector:Interval", "10")]
    [InlineData("--buffer=/tmp/b", "Collector:Buffer:Directory", "/tmp/b")]
    public void An_option_and_its_value_may_be_one_argument(string arg, string key, string value)
    {
        var line = CommandLine.Parse([arg]);

        Assert.Null(line.Error);
        Assert.Equal(value, Assert.Single(line.Settings, s => s.Key == key).Value);
    }

    [Fact]
    public void The_config_file_is_no_setting_of_its_own()
    {
        var line = CommandLine.Parse(["--config", "/etc/turtle/collector.yaml", "--dc", "dc1"]);

        Assert.Equal("/etc/turtle/collector.yaml", line.ConfigFile);
        Assert.Equal(["Collector:Dc"], line.Settings.Keys);
        Assert.Equal("c.yaml", CommandLine.Parse(["--config=c.yaml"]).ConfigFile);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help(string arg)
    {
        var line = CommandLine.Parse(["--dc", "dc1", arg]);

        Assert.True(line.Help);
        Assert.Null(line.Error);
    }

    [Fact]
    public void Version_and_verbose()
    {
        Assert.True(CommandLine.Parse(["--version"]).ShowVersion);
        Assert.False(CommandLine.Parse(["--version"]).Help);
        Assert.True(CommandLine.Parse(["--verbose", "--dc", "dc1"]).Verbose);
        Assert.Equal("dc1", CommandLine.Parse(["--verbose", "--dc", "dc1"]).Settings["Collector:Dc"]);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--dc", "dc1", "--Gateway", "http://a" }, "unknown option '--Gateway'")] // options are case-sensitive
    [InlineData(new[] { "-x" }, "unknown option '-x'")]
    [InlineData(new[] { "--bogus=1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "web-1" }, "unexpected argument 'web-1'")]
    [InlineData(new[] { "--dc", "dc1", "dc2" }, "unexpected argument 'dc2'")]
    [InlineData(new[] { "--dc" }, "--dc needs a value")]
    [InlineData(new[] { "--dc", "--host", "web-1" }, "--dc needs a value")]
    [InlineData(new[] { "--gateway=" }, "--gateway needs a value")]
    [InlineData(new[] { "--gateway", "" }, "--gateway needs a value")]
    [InlineData(new[] { "--config" }, "--config needs a value")]
    [InlineData(new[] { "--interval", "abc" }, "--interval 'abc' is not a number of seconds (1 to 3600)")]
    [InlineData(new[] { "--interval", "5s" }, "--interval '5s' is not a number of seconds (1 to 3600)")]
    [InlineData(new[] { "--interval=1,5" }, "--interval '1,5' is not a number of seconds (1 to 3600)")]
    public void A_wrong_command_line_is_reported_and_sets_nothing(string[] args, string error)
    {
        var line = CommandLine.Parse(args);

        Assert.Equal(error, line.Error);
        Assert.Empty(line.Settings);
        Assert.Null(line.ConfigFile);
    }

    [Fact]
    public void A_value_may_start_with_a_single_dash()
    {
        // Only "--" marks the next option; "-5" is a value (which the validator then refuses as an interval).
        var line = CommandLine.Parse(["--interval", "-5"]);

        Assert.Null(line.Error);
        Assert.Equal("-5", line.Settings["Collector:Interval"]);
    }

    [Fact]
    public void Nothing_given_is_no_error()
    {
        var line = CommandLine.Parse([]);

        Assert.Null(line.Error);
        Assert.Empty(line.Settings);
    }
}
