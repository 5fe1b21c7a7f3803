using System.Text.Json;
using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary><c>status</c>, <c>dcs</c>, <c>hosts</c>, <c>host</c>, <c>processes</c>, <c>links</c> and <c>graph</c> against a real silo holding the examples.</summary>
[Collection(FleetSiloCollection.Name)]
public sealed class FleetCommandTests(FleetSilo fleet) : CliTestBase(fleet)
{
    [Fact]
    public async Task Status_shows_the_ready_silo_its_cluster_and_both_dcs()
    {
        var output = await TurtleOk("status");

        Assert.Contains($"Silo at {Fleet.Server}/ is ready.", output);
        Assert.Contains(Fleet.SiloName, output);
        Assert.Contains("dc1", output);
        Assert.Contains("dc2", output);
    }

    [Fact]
    public async Task Status_as_json_has_readiness_silos_and_dcs_with_health_counts()
    {
        var status = await TurtleJson("status");

        Assert.True(status.GetProperty("ready").GetBoolean());
        Assert.Equal("Active", Assert.Single(status.GetProperty("silos").EnumerateArray()).GetProperty("status").GetString());
        var dcs = status.GetProperty("dcs").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(1, dcs["dc1"].GetProperty("hostCount").GetInt32());
        Assert.Equal(1, dcs["dc2"].GetProperty("healthCounts").EnumerateObject().Sum(h => h.Value.GetInt32()));
    }

    [Fact]
    public async Task Dcs_lists_each_dc_with_its_host_count()
    {
        var table = await TurtleOk("dcs");
        var json = await TurtleJson("dcs");

        Assert.Contains("Lost contact", table);
        Assert.Matches(@"dc1\s*│\s*\w+\s*│\s*1\s*│", table);
        Assert.Equal(["dc1", "dc2"], json.EnumerateArray().Select(d => d.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Hosts_lists_every_host_and_filters_by_dc()
    {
        var all = await TurtleJson("hosts");
        var dc2 = await TurtleOk("hosts", "--dc", "dc2");

        Assert.Equal([FleetSilo.UdmPro, FleetSilo.Nas], all.EnumerateArray().Select(h => h.GetProperty("key").GetString()).Order());
        Assert.Contains(FleetSilo.Nas, dc2);
        Assert.DoesNotContain(FleetSilo.UdmPro, dc2);
    }

    [Fact]
    public async Task Hosts_filters_by_health_and_refuses_an_unknown_health_as_usage()
    {
        var all = await TurtleJson("hosts");
        var health = all.EnumerateArray().First(h => h.GetProperty("key").GetString() == FleetSilo.UdmPro).GetProperty("health").GetString()!;

        var matching = await TurtleJson("hosts", "--health", health);
        var bogus = await Turtle("hosts", "--health", "sleepy");

        Assert.Contains(matching.EnumerateArray(), h => h.GetProperty("key").GetString() == FleetSilo.UdmPro);
        Assert.All(matching.EnumerateArray(), h => Assert.Equal(health, h.GetProperty("health").GetString()));
        AssertFails(bogus, ExitCodes.Usage, "400", "Invalid query", "'sleepy' is not a health");
    }

    [Fact]
    public async Task Host_shows_facts_and_latest_metrics()
    {
        var table = await TurtleOk("host", FleetSilo.UdmPro);
        var json = await TurtleJson("host", FleetSilo.UdmPro);

        Assert.Contains("Annapurna Labs Alpine V2 (Cortex-A57), 4 CPUs", table);
        Assert.Contains("Filesystems", table);
        Assert.Equal(FleetSilo.UdmPro, json.GetProperty("key").GetString());
        Assert.Equal(23.5, json.GetProperty("metrics").GetProperty("cpu").GetProperty("percent").GetDouble());
        // Fields the CLI does not show still reach scripts: the facts' interface list passes through.
        Assert.Equal("eth8", json.GetProperty("facts").GetProperty("interfaces")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Host_unknown_is_not_found_and_a_malformed_key_is_usage()
    {
        AssertFails(await Turtle("host", "dc1/nope"), ExitCodes.NotFound, "no host dc1/nope");
        AssertFails(await Turtle("host", "udm-pro"), ExitCodes.Usage, "<dc>/<host>");
    }

    [Fact]
    public async Task Processes_lists_the_hosts_processes_busiest_first()
    {
        var table = await TurtleOk("processes", FleetSilo.Nas);
        var json = await TurtleJson("processes", FleetSilo.Nas);

        Assert.Contains("postgres", table);
        Assert.Contains("restic backup /srv", table);
        Assert.Equal(["restic", "postgres", "sshd"], json.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        AssertFails(await Turtle("processes", "dc2/nope"), ExitCodes.NotFound, "no host dc2/nope");
    }

    [Fact]
    public async Task Links_lists_each_probed_link()
    {
        var table = await TurtleOk("links");
        var json = await TurtleJson("links");

        Assert.Contains("dc2/nas->dc3", table);
        Assert.Contains("198.51.100.20:443", table);
        var keys = json.EnumerateArray().Select(l => l.GetProperty("key").GetString()).Order().ToList();
        Assert.Equal(["dc2/nas->dc1/udm-pro", "dc2/nas->dc3"], keys);
        Assert.Equal(38.2, json.EnumerateArray().Single(l => l.GetProperty("to").GetString() == "dc3").GetProperty("rttMs").GetDouble());
    }

    [Fact]
    public async Task Graph_as_json_has_every_node_and_edge_kind()
    {
        var graph = await TurtleJson("graph");

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("kind").GetString());
        Assert.Equal("Host", nodes[FleetSilo.UdmPro]);
        Assert.Equal("Dc", nodes["dc3"]);
        Assert.Contains("Process", nodes.Values);
        var edgeKinds = graph.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToHashSet();
        Assert.Equal(["Contains", "Link", "Runs"], edgeKinds.Order());
    }

    [Fact]
    public async Task Graph_as_dot_is_a_digraph_with_quoted_keys()
    {
        var dot = await TurtleOk("graph", "--format", "dot", "--no-processes");

        Assert.StartsWith("digraph fleet {", dot);
        Assert.Contains("\"dc2/nas\" -> \"dc1/udm-pro\" [style=dashed", dot);
        Assert.Contains("\"dc1\" -> \"dc1/udm-pro\" [style=solid]", dot);
        Assert.DoesNotContain("postgres", dot);
        Assert.EndsWith("}", dot.TrimEnd());
    }

    [Fact]
    public async Task An_unknown_format_is_usage()
    {
        var result = await Turtle("dcs", "--format", "yaml");

        AssertFails(result, ExitCodes.Usage, "yaml");
    }
}
