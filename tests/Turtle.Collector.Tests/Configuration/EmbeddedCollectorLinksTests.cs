using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Turtle.Collector.Configuration;
using Turtle.Silo.Collector;

namespace Turtle.Collector.Tests.Configuration;

/// <summary>
/// The silo's embedded collector binds the same links (<c>Turtle:Collector:Links</c>) and checks them with the same
/// rules at start-up. Here rather than in the silo's tests: it is this library's setting, and this project already
/// references the silo for its end-to-end tests.
/// </summary>
public class EmbeddedCollectorLinksTests
{
    [Fact]
    public void Links_bind_from_configuration_keys()
    {
        var options = Options(new()
        {
            ["Turtle:Collector:Links:0:To"] = "dc2/gw",
            ["Turtle:Collector:Links:0:Target"] = "10.0.2.1:22",
            ["Turtle:Collector:Links:1:To"] = "dc3",
            ["Turtle:Collector:Links:1:Target"] = "gw.dc3:443",
            ["Turtle:Collector:Links:1:Count"] = "5",
            ["Turtle:Collector:Links:1:TimeoutSeconds"] = "2",
        });

        Assert.Equal([new LinkTarget { To = "dc2/gw", Target = "10.0.2.1:22" }, new LinkTarget { To = "dc3", Target = "gw.dc3:443", Count = 5, TimeoutSeconds = 2 }], options.Links);
    }

    [Fact]
    public void A_bad_link_stops_start_up_naming_the_setting()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Turtle:Dc"] = "dc1",
            ["Turtle:Collector:Host"] = "silo-1",
            ["Turtle:Collector:IntervalSeconds"] = "2",
            ["Turtle:Collector:Links:0:To"] = "dc1/silo-1",
            ["Turtle:Collector:Links:0:Target"] = "10.0.1.1:22",
            ["Turtle:Collector:Links:1:To"] = "dc2",
            ["Turtle:Collector:Links:1:Target"] = "10.0.2.1:22",
            ["Turtle:Collector:Links:1:TimeoutSeconds"] = "2",
        }));

        Assert.Equal(
        [
            "Turtle:Collector:Links:0:To 'dc1/silo-1' is the observed host itself",
            "Turtle:Collector:Links:1:TimeoutSeconds must be above 0, at most 60 and below the interval (2 s), but is 2",
        ], exception.Failures);
    }

    [Fact]
    public void A_disabled_collectors_links_are_not_checked()
    {
        var options = Options(new() { ["Turtle:Collector:Enabled"] = "false", ["Turtle:Collector:Links:0:To"] = "dc2" });

        Assert.False(options.Enabled);
    }

    private static EmbeddedCollectorOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<Turtle.Actors.Configuration.ClusterOptions>().Bind(configuration.GetSection("Turtle"));
        services.AddEmbeddedCollector(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EmbeddedCollectorOptions>>().Value;
    }
}
