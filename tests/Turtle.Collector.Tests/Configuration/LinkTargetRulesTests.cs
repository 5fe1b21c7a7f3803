using Turtle.Collector.Configuration;

namespace Turtle.Collector.Tests.Configuration;

/// <summary>
/// The link rules as the silo's embedded collector words them (configuration keys); the YAML wording is covered with
/// the validator's other messages in <see cref="CollectorOptionsValidatorTests"/>.
/// </summary>
public class LinkTargetRulesTests
{
    [Fact]
    public void Settings_are_named_as_configuration_keys_when_the_list_is_one()
    {
        LinkTarget[] links = [new() { To = "dc1/silo-1", Target = "10.0.1.1:22" }, new() { To = "dc2", Target = "10.0.2.1", Count = 0 }];

        var errors = LinkTargetRules.Errors(links, 5, "dc1/silo-1", "Turtle:Collector:Links");

        Assert.Equal(
        [
            "Turtle:Collector:Links:0:To 'dc1/silo-1' is the observed host itself",
            "Turtle:Collector:Links:1:Target '10.0.2.1' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)",
            "Turtle:Collector:Links:1:Count must be between 1 and 20, but is 0",
        ], errors);
    }

    [Fact]
    public void Without_the_hosts_key_only_its_own_link_goes_unchecked()
    {
        LinkTarget[] links = [new() { To = "dc1/silo-1", Target = "10.0.1.1:22" }];

        Assert.Empty(LinkTargetRules.Errors(links, 5, fromHostKey: null));
        Assert.Empty(LinkTargetRules.Errors([], 1, "dc1/silo-1"));
    }
}
