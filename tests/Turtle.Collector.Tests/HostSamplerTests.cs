using System.Net;
using System.Net.Sockets;
using Turtle.Collector.Probes;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests;

/// <summary>The whole sampler over the fixtures' ticks: every observation it makes is one the silo accepts.</summary>
public class HostSamplerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("x86-vm", new[] { "x86-vm.next", "x86-vm.later" })]
    [InlineData("openwrt-arm64", new[] { "openwrt-arm64.next" })]
    public void Every_sample_of_the_fixtures_passes_the_observation_reader(string fixture, string[] ticks)
    {
        using var tree = new FixtureTree(fixture);
        var sampler = new HostSampler(new HostSamplerOptions { Root = tree.Root, Processes = new() { Watched = ["dnsmasq"] } }, FakeFileSystemStats.ForFixtures());
        var samples = new List<HostSample> { sampler.Sample(Start) };
        foreach (var (tick, i) in ticks.Select((t, i) => (t, i)))
        {
            tree.Apply(tick);
            samples.Add(sampler.Sample(Start.AddSeconds(5 * (i + 1))));
        }

        for (var seq = 1; seq <= samples.Count; seq++)
        {
            ObservationCheck.AssertAccepted(samples[seq - 1].ToObservation("edge-1", seq, "dc1", "fixture-host", 5));
        }

        var (first, last) = (samples[0], samples[^1]);
        Assert.NotNull(first.Facts);
        Assert.NotNull(first.HostName);
        Assert.Null(first.Metrics.Cpu);
        Assert.Null(first.Processes);
        Assert.Null(last.Facts);
        Assert.NotNull(last.Metrics.Cpu);
        Assert.NotEmpty(last.Metrics.Disks!);
        Assert.NotEmpty(last.Metrics.Interfaces!);
        Assert.NotEmpty(last.Processes!);
        Assert.Equal(first.Facts.Filesystems!.Select(f => f.Mount), last.Metrics.Filesystems!.Select(f => f.Mount));
    }

    [Fact]
    public void Exits_reach_the_observation_and_rates_use_the_kernel_uptime_not_the_callers_clock()
    {
        using var tree = new FixtureTree("x86-vm");
        var sampler = new HostSampler(new HostSamplerOptions { Root = tree.Root }, FakeFileSystemStats.ForFixtures());
        sampler.Sample(Start);
        tree.Apply("x86-vm.next");
        var next = sampler.Sample(Start.AddMinutes(1)); // a late tick by the wall clock; the fixture's uptime says 5 s
        tree.Apply("x86-vm.later");
        var observation = sampler.Sample(Start.AddMinutes(2)).ToObservation("edge-1", 3, "dc1", "vm", 5);

        Assert.Equal(100_000, next.Metrics.Interfaces!.Single(i => i.Name == "eth0").RxBytesPerSec);
        Assert.Equal(30789, Assert.Single(observation.Exited!).Pid);
        ObservationCheck.AssertAccepted(observation);
    }

    [Fact]
    public void Facts_come_with_the_first_sample_and_again_once_their_interval_has_passed()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var sampler = new HostSampler(new HostSamplerOptions { Root = tree.Root, FactsEvery = TimeSpan.FromMinutes(10) }, FakeFileSystemStats.ForFixtures());

        var withFacts = new[] { 0, 5, 595, 600, 605, 1200, 300 }.Select(s => sampler.Sample(Start.AddSeconds(s)).Facts is not null);

        // 300 s after 1200 is a clock stepped back: the time since the last facts is unknown, so they are sent.
        Assert.Equal([true, false, false, true, false, true, true], withFacts);
    }

    [Theory]
    [InlineData("Root", "")]
    [InlineData("Processes.TopByCpu", "-1")]
    [InlineData("FactsEvery", "0")]
    [InlineData("ClockTicksPerSecond", "0")]
    [InlineData("Links.Count", "0")]
    [InlineData("Links.Timeout", "0")]
    public void Options_out_of_range_are_refused_naming_the_setting(string setting, string value)
    {
        var options = setting switch
        {
            "Links.Count" => new HostSamplerOptions { Links = [LinkProbe.From(new() { To = "dc2", Target = "127.0.0.1:1", Count = int.Parse(value) })] },
            "Links.Timeout" => new HostSamplerOptions { Links = [LinkProbe.From(new() { To = "dc2", Target = "127.0.0.1:1", TimeoutSeconds = int.Parse(value) })] },
            "Root" => new HostSamplerOptions { Root = value },
            "Processes.TopByCpu" => new HostSamplerOptions { Processes = new() { TopByCpu = int.Parse(value) } },
            "FactsEvery" => new HostSamplerOptions { FactsEvery = TimeSpan.FromSeconds(int.Parse(value)) },
            _ => new HostSamplerOptions { ClockTicksPerSecond = long.Parse(value) },
        };

        var error = Assert.Throws<ArgumentException>(() => new HostSampler(options));
        Assert.Contains($"HostSamplerOptions.{setting}", error.Message);
    }

    [Fact]
    public async Task Links_probed_with_the_sample_reach_the_observation_and_pass_the_reader()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, not listening: refused
        using var tree = new FixtureTree("x86-vm");
        var links = new[] { ("dc2/gw", ((IPEndPoint)listener.LocalEndpoint).Port), ("dc3", ((IPEndPoint)closed.LocalEndPoint!).Port) }
            .Select(l => LinkProbe.From(new() { To = l.Item1, Target = $"127.0.0.1:{l.Item2}", TimeoutSeconds = 10 }))
            .ToList();
        var sampler = new HostSampler(new HostSamplerOptions { Root = tree.Root, Links = links }, FakeFileSystemStats.ForFixtures());

        var observation = (await sampler.SampleAsync(Start)).ToObservation("edge-1", 1, "dc1", "vm", 5);

        ObservationCheck.AssertAccepted(observation);
        Assert.NotNull(observation.Metrics?.Memory); // the host's own sample is all there
        var (up, down) = (observation.Links![0], observation.Links[1]);
        Assert.Equal(("dc2/gw", 0.0), (up.To, up.LossPercent));
        Assert.NotNull(up.RttMs);
        Assert.Equal(("dc3", 100.0, (double?)null), (down.To, down.LossPercent, down.RttMs));
        Assert.Null(sampler.Sample(Start.AddSeconds(5)).Links); // the synchronous sample never waits on the network
    }

    [Fact]
    public async Task Without_links_the_observation_has_none()
    {
        using var tree = new FixtureTree("x86-vm");
        var sampler = new HostSampler(new HostSamplerOptions { Root = tree.Root }, FakeFileSystemStats.ForFixtures());

        var observation = (await sampler.SampleAsync(Start)).ToObservation("edge-1", 1, "dc1", "vm", 5);

        Assert.Null(observation.Links);
        Assert.DoesNotContain("\"links\"", System.Text.Json.JsonSerializer.Serialize(observation, CollectorJson.Default.Observation), StringComparison.Ordinal);
    }
}
