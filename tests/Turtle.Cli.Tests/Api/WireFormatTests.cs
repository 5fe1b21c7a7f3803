using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Turtle.Actors.History;
using Turtle.Cli.Api;
using Turtle.Twin.Changes;
using Turtle.Twin.Failover;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;
using Silo = Turtle.Silo;

namespace Turtle.Cli.Tests.Api;

/// <summary>
/// The CLI's source-generated JSON against what the silo writes: each answer is serialized as the silo's API does
/// (web defaults, a <see cref="JsonStringEnumConverter"/> added globally), read with <see cref="TurtleJsonContext"/>
/// and written again, and must come out the same, so nothing is lost or renamed on the way (enum names, enum
/// dictionary keys, required members, positional records). The silo-host-only answers are the silo's own records,
/// which the CLI mirrors.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly JsonSerializerOptions SiloJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 30, TimeSpan.FromHours(1));

    [Fact]
    public void A_host_twin_round_trips_with_its_facts_metrics_findings_and_collector()
    {
        var twin = new HostTwin
        {
            Key = "dc1/web-1",
            Dc = "dc1",
            Name = "web-1",
            Version = 7,
            Health = HealthStatus.LostContact,
            Findings = [new HealthFinding("cpu.percent", HealthStatus.Warning, 91.5, 90)],
            FirstSeen = Now.AddDays(-1),
            LastSeen = Now,
            Interval = 10,
            Facts = new HostFacts
            {
                Os = "Debian 13", CpuCount = 8, MemoryBytes = 16L << 30, BootTime = Now.AddDays(-3),
                Disks = [new DiskFact("sda", 1L << 40)], Filesystems = [new FilesystemFact("/", "/dev/sda1", "ext4", 1L << 39)],
                Interfaces = [new InterfaceFact("eth0", "aa:bb", ["10.0.0.1"], 1000, 1500)],
            },
            Metrics = new HostMetrics
            {
                Cpu = new CpuMetrics(42.5, 30), Load = new LoadMetrics(1, 2, 3), Memory = new MemoryMetrics(100, 40),
                Filesystems = [new FilesystemUsage("/", 1000, 900, 3)], Disks = [new DiskIo("sda", 10, 20)],
                Interfaces = [new InterfaceTraffic("eth0", 1, 2)], Temperatures = [new Temperature("cpu", 55)],
                Tcp = new Dictionary<string, long> { ["established"] = 12 },
            },
            Processes = [new ProcessSummary("dc1/web-1/12@1", 12, "nginx", 3.5, 1 << 20)],
            Links = ["dc1/web-1->dc2"],
            Collector = new CollectorHealth(0.5, 1 << 22, 1, 2, 3, "1.0.0"),
        };

        var read = RoundTrip(twin, TurtleJsonContext.Default.HostTwin);

        Assert.Equal(HealthStatus.LostContact, read.Health);
        Assert.Equal("eth0", Assert.Single(read.Facts!.Interfaces!).Name);
        Assert.Equal(60, read.Metrics!.Memory!.UsedPercent);
    }

    [Fact]
    public void Lists_of_dcs_hosts_processes_and_links_round_trip()
    {
        var counts = Enum.GetValues<HealthStatus>().ToDictionary(h => h, h => (int)h);
        var dcs = RoundTrip(new List<DcOverview> { new("dc1", DcStatus.Degraded, 10, counts, 12.5, null, Now, 3) }, TurtleJsonContext.Default.ListDcOverview);
        Assert.Equal(4, dcs[0].HealthCounts[HealthStatus.LostContact]);
        Assert.Contains("\"LostContact\":4", JsonSerializer.Serialize(dcs, SiloJson));

        RoundTrip(new List<HostSummary> { new("dc1/a", "a", HealthStatus.Critical, Now, 5, 99, null, new FilesystemSummary("/", 97), 4) }, TurtleJsonContext.Default.ListHostSummary);
        RoundTrip(
            new List<ProcessTwin> { new() { Key = "dc1/a/12@1", Host = "dc1/a", Pid = 12, StartTime = Now, Name = "sshd", Exited = true, ExitCode = 1 } },
            TurtleJsonContext.Default.ListProcessTwin);
        var links = RoundTrip(
            new List<LinkTwin> { new() { Key = "dc1/a->dc2", From = "dc1/a", To = "dc2", RttMs = 1.5, Status = LinkStatus.Degraded, LastSeen = Now } },
            TurtleJsonContext.Default.ListLinkTwin);
        Assert.Equal(LinkStatus.Degraded, links[0].Status);
    }

    [Fact]
    public void The_graph_changes_and_history_round_trip()
    {
        RoundTrip(
            new FleetGraph([new GraphNode("dc1", GraphNodeKind.Dc, "dc1", "Up")], [new GraphEdge("dc1", "dc1/a", GraphEdgeKind.Contains), new GraphEdge("dc1/a", "dc2", GraphEdgeKind.Link, "Down")]),
            TurtleJsonContext.Default.FleetGraph);
        var change = RoundTrip(new TwinChange("dc1/a", TwinKind.Host, 3, ["health", "lastSeen"], Now), TurtleJsonContext.Default.TwinChange);
        Assert.Equal(TwinKind.Host, change.Kind);
        var history = RoundTrip(
            new List<HistorySeries> { new("dc1/a", "cpu.percent", HistoryTier.FiveMinute, [new HistoryPoint(Now, 1, 3, 2, 3, 60)]) },
            TurtleJsonContext.Default.ListHistorySeries);
        Assert.Equal(HistoryTier.FiveMinute, history[0].Tier);
    }

    [Fact]
    public void The_failover_answer_round_trips_into_the_clis_mirror_of_the_silos_view()
    {
        var status = new FailoverStatus
        {
            Phase = FailoverPhase.Returning,
            Epoch = 5,
            FailedDc = "dc1",
            PhaseSince = Now,
            Dcs = [new DcHealth("dc1", DcHealthState.SuspectedPartition, Now, [new VantageView("dc1", VantageVerdict.Lost, "dc1-silo", 1.5), new VantageView("dc2", VantageVerdict.Silent)])],
            Decisions = [new FailoverDecision(Now, 5, FailoverPhase.Recovering, FailoverPhase.Returning, "dc3 demoted", "dc1: self sees")],
        };
        var silo = new Silo.Api.FailoverView(true, status,
            new Silo.Api.SiloWriteView("dc3", true, false, "a read-only observer", FailoverPhase.Returning, 5),
            [new Silo.Failover.ActiveGateway("dc2-silo", "dc2", "127.0.0.1:30002")], "the judge did not answer");

        var read = RoundTrip(silo, TurtleJsonContext.Default.FailoverView);

        Assert.Null(read.More);
        Assert.Null(read.ThisSilo.More);
        Assert.Equal(FailoverPhase.Returning, read.ThisSilo.FollowedPhase);
        Assert.Equal(VantageVerdict.Silent, read.Status.Dcs[0].Vantages[1].Verdict);
    }

    [Fact]
    public void The_replication_and_silo_list_answers_round_trip_into_the_clis_mirrors()
    {
        var replication = RoundTrip(
            new Silo.Api.ReplicationView(true, new Silo.Replication.ReplicaCounts(3, 10, 40, 6), new Silo.Replication.LagFigures(100, 2.5, 9, 12), 1234, Now, Now.AddMinutes(-1)),
            TurtleJsonContext.Default.ReplicationView);
        Assert.Null(replication.More);

        var silos = RoundTrip(new[] { new Silo.Api.SiloDto("dc1-silo", "127.0.0.1:11111", "dc1", "active", "Active", 30000, Now.AddHours(-1), Now, 0) }, TurtleJsonContext.Default.ListSiloInfo);
        Assert.Null(silos[0].More);
    }

    /// <summary>Writes <paramref name="answer"/> as the silo does, reads it as the CLI does, and checks the CLI writes the same JSON back.</summary>
    private static T RoundTrip<TAnswer, T>(TAnswer answer, JsonTypeInfo<T> cli)
    {
        var wire = JsonSerializer.Serialize(answer, SiloJson);
        var read = JsonSerializer.Deserialize(wire, cli);
        Assert.NotNull(read);
        Assert.Equal(wire, JsonSerializer.Serialize(read, cli));
        return read;
    }
}
