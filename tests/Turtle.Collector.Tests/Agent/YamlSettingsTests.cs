using Turtle.Collector.Agent;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Agent;

/// <summary>The YAML file read as configuration keys.</summary>
public sealed class YamlSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Nested_mappings_and_lists_become_keys_of_the_collector_section()
    {
        var settings = YamlSettings.Load(Write("""
            gateways:
              - http://silo-1:5080
              - http://silo-2:5080
            dc: dc1
            buffer:
              maxBytes: 1048576
            scrape:
              - url: http://192.168.1.1:9100/metrics
                host: router
              - url: http://192.168.1.2:9100/metrics
                host: switch
                timeoutSeconds: 2
            """));

        Assert.Equal(new Dictionary<string, string?>
        {
            ["Collector:gateways:0"] = "http://silo-1:5080",
            ["Collector:gateways:1"] = "http://silo-2:5080",
            ["Collector:dc"] = "dc1",
            ["Collector:buffer:maxBytes"] = "1048576",
            ["Collector:scrape:0:url"] = "http://192.168.1.1:9100/metrics",
            ["Collector:scrape:0:host"] = "router",
            ["Collector:scrape:1:url"] = "http://192.168.1.2:9100/metrics",
            ["Collector:scrape:1:host"] = "switch",
            ["Collector:scrape:1:timeoutSeconds"] = "2",
        }, settings);
    }

    [Fact]
    public void Names_match_without_regard_to_case()
    {
        var settings = YamlSettings.Load(Write("collectorId: web-1-agent\n"));

        Assert.Equal("web-1-agent", settings["Collector:CollectorId"]);
    }

    [Theory]
    [InlineData("host:\n")]
    [InlineData("host: ~\n")]
    [InlineData("host: null\n")]
    [InlineData("host: NULL\n")]
    public void Null_values_are_left_out(string yaml)
    {
        var settings = YamlSettings.Load(Write("dc: dc1\n" + yaml));

        Assert.Equal(["Collector:dc"], settings.Keys);
    }

    [Fact]
    public void A_quoted_null_is_a_string()
    {
        Assert.Equal("null", YamlSettings.Load(Write("host: \"null\"\n"))["Collector:host"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_sets_nothing(string yaml)
    {
        Assert.Empty(YamlSettings.Load(Write(yaml)));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = _dir.Combine("nope.yaml");

        var exception = Assert.Throws<SettingsException>(() => YamlSettings.Load(path));

        Assert.Equal($"config file '{path}' does not exist", exception.Message);
    }

    [Fact]
    public void A_file_in_a_missing_directory_is_named()
    {
        var path = _dir.Combine("no-such-dir", "c.yaml");

        Assert.Equal($"config file '{path}' does not exist", Assert.Throws<SettingsException>(() => YamlSettings.Load(path)).Message);
    }

    [Fact]
    public void A_directory_is_not_a_readable_file()
    {
        var exception = Assert.Throws<SettingsException>(() => YamlSettings.Load(_dir.Path));

        Assert.StartsWith($"config file '{_dir.Path}' cannot be read: ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dc: dc1\ninterval: 5\nbuffer:\n  maxBytes: [1, 2\n", 4)] // an unclosed flow sequence
    [InlineData("dc: dc1\n  host: web-1\n", 2)] // a mapping where a value was
    [InlineData("dc: dc1\ngateways:\n  - http://a\n - http://b\n", 4)] // bad indentation
    [InlineData("dc: \"dc1\n", 1)] // an unclosed quote
    public void Invalid_yaml_is_reported_with_its_line(string yaml, int line)
    {
        var path = Write(yaml);

        var exception = Assert.Throws<SettingsException>(() => YamlSettings.Load(path));

        Assert.StartsWith($"config file '{path}' line ", exception.Message, StringComparison.Ordinal);
        var reported = int.Parse(exception.Message[$"config file '{path}' line ".Length..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, line, line + 1); // the parser notices some mistakes at the start of the next line
    }

    [Theory]
    [InlineData("- http://a\n- http://b\n")]
    [InlineData("just a string\n")]
    public void The_file_must_be_a_mapping(string yaml)
    {
        var path = Write(yaml);

        var exception = Assert.Throws<SettingsException>(() => YamlSettings.Load(path));

        Assert.Equal($"config file '{path}' line 1: must be a mapping of settings (gateways:, dc:, ...)", exception.Message);
    }

    [Theory]
    [InlineData("dc: dc1\n\"a:b\": 1\n")] // a colon would reach into another key
    [InlineData("dc: dc1\n? [a, b]\n: 1\n")] // a key that is no name
    [InlineData("dc: dc1\n\"\": 1\n")] // an empty name
    public void A_key_that_is_no_setting_name_is_refused_with_its_line(string yaml)
    {
        var path = Write(yaml);

        var exception = Assert.Throws<SettingsException>(() => YamlSettings.Load(path));

        Assert.StartsWith($"config file '{path}' line 2: '", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("' is not a setting name", exception.Message, StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = _dir.Combine($"collector-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
