using System.Net;
using Turtle.Collector.Probes;

namespace Turtle.Collector.Tests.Probes;

/// <summary>What a link's <c>target</c> may be: an address or a name, and a port.</summary>
public class HostPortTests
{
    [Theory]
    [InlineData("10.0.2.1:22", "10.0.2.1", 22, true)]
    [InlineData("127.0.0.1:65535", "127.0.0.1", 65535, true)]
    [InlineData("[::1]:443", "::1", 443, true)]
    [InlineData("[fd00::1:2]:1", "fd00::1:2", 1, true)]
    [InlineData("gw.dc2:22", "gw.dc2", 22, false)]
    [InlineData("localhost:8080", "localhost", 8080, false)]
    [InlineData("silo-1:5080", "silo-1", 5080, false)]
    public void Addresses_and_names_with_a_port_are_read(string text, string host, int port, bool isAddress)
    {
        Assert.True(HostPort.TryParse(text, out var target));

        Assert.Equal(host, target.Host);
        Assert.Equal(port, target.Port);
        Assert.Equal(isAddress ? IPAddress.Parse(host) : null, target.Address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.2.1")] // no port
    [InlineData("10.0.2.1:")]
    [InlineData(":22")]
    [InlineData("10.0.2.1:0")]
    [InlineData("10.0.2.1:65536")]
    [InlineData("10.0.2.1:-1")]
    [InlineData("10.0.2.1:+22")]
    [InlineData("10.0.2.1: 22")]
    [InlineData("10.0.2.1:ssh")]
    [InlineData("::1:22")] // a bare IPv6 address: is 22 its last group or the port?
    [InlineData("[::1]")]
    [InlineData("[10.0.2.1]:22")] // brackets are for IPv6
    [InlineData("[gw]:22")]
    [InlineData("10.1:22")] // old shorthand for 10.0.0.1: not meant as an address here, and no name either
    [InlineData("1.2.3.4.5:22")]
    [InlineData("gw dc2:22")]
    [InlineData("gw_dc2!:22")]
    [InlineData("http://gw:22")]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(HostPort.TryParse(text, out _));
    }

    [Fact]
    public void A_name_longer_than_dns_allows_is_refused()
    {
        var label = new string('a', 63);
        var name = string.Join('.', label, label, label, label); // 255 characters

        Assert.False(HostPort.TryParse(name + ":22", out _));
        Assert.True(HostPort.TryParse(name[..253] + ":22", out _));
    }
}
