using Turtle.Collector.Configuration;
using Turtle.Twin;

namespace Turtle.Collector.Tests.Configuration;

/// <summary>A machine's name made a twin host name, and collector ids.</summary>
public class HostNamesTests
{
    [Theory]
    [InlineData("web-1", "web-1")]
    [InlineData("WEB-1", "web-1")]
    [InlineData("Web_Server.example.com", "web_server.example.com")]
    [InlineData("my host (old)", "my-host--old")]
    [InlineData("-.web.-", "web")]
    [InlineData("ÆØÅ-box", "box")]
    [InlineData("", "localhost")]
    [InlineData("---", "localhost")]
    [InlineData("日本", "localhost")]
    public void A_machine_name_becomes_a_host_name(string machine, string expected)
    {
        var name = HostNames.FromMachineName(machine);

        Assert.Equal(expected, name);
        Assert.True(TwinKeys.IsHostName(name));
    }

    [Fact]
    public void A_long_machine_name_is_cut_to_128_characters()
    {
        var name = HostNames.FromMachineName(new string('a', 200));

        Assert.Equal(new string('a', 128), name);
        Assert.True(TwinKeys.IsHostName(name));
    }

    [Theory]
    [InlineData("dc1-web-1", true)]
    [InlineData("Web-1:agent.v2_x", true)]
    [InlineData("1", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-web", false)]
    [InlineData(":web", false)]
    [InlineData("web/1", false)]
    [InlineData("web 1", false)]
    public void Collector_ids(string? id, bool valid)
    {
        Assert.Equal(valid, HostNames.IsCollectorId(id));
    }

    [Fact]
    public void A_collector_id_has_at_most_256_characters()
    {
        Assert.True(HostNames.IsCollectorId(new string('a', 256)));
        Assert.False(HostNames.IsCollectorId(new string('a', 257)));
    }
}
