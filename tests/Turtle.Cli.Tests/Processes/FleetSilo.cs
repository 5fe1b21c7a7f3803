using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Turtle.Silo.Tests;

namespace Turtle.Cli.Tests.Processes;

/// <summary>
/// One real silo process for every test (on a free loopback port, a temp data dir, its own collector off), holding the
/// documented example observations: <c>dc1/udm-pro</c> reported <see cref="UdmProBatches"/> times a minute apart half an hour
/// ago (so history has points to page through, in a window no later test posts into), <c>dc2/nas</c> once, now, with its
/// processes and links. One alert rule, <see cref="AlertRule"/>, fires at once on a filesystem over 85 % (udm-pro's
/// <c>/data</c> is 88 % full in the example).
/// </summary>
public sealed class FleetSilo : IAsyncLifetime
{
    public const string UdmPro = "dc1/udm-pro";
    public const string Nas = "dc2/nas";
    public const int UdmProBatches = 6;
    public const string AlertRule = "data-filling";

    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-cli-").FullName;
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public string Server => $"http://127.0.0.1:{Silo.HttpPort}";

    /// <summary>The silo's own name, from its silo-to-silo port (<c>silo-30123</c>).</summary>
    public string SiloName => $"silo-{Silo.SiloPort}";

    /// <summary>A client of the silo's HTTP API, for asking it directly what the CLI should show.</summary>
    public HttpClient Http => Silo.Http;

    /// <summary>When the first example batch of dc1/udm-pro was taken: ten seconds into a minute, half an hour ago.</summary>
    public DateTimeOffset FirstSample { get; private set; }

    /// <summary>The whole minutes that hold the example batches of dc1/udm-pro, and nothing else of it.</summary>
    public (string From, string To) ExampleWindow => (
        FirstSample.AddSeconds(-10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        FirstSample.AddSeconds(-10).AddMinutes(UdmProBatches).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>The next sequence number <see cref="PostUdmProAsync"/> uses (the collector's numbers must grow).</summary>
    private long _nextSeq = 1;

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__DataDir"] = Path.Join(_directory, "data"),
            ["Turtle__Alerts__Rules__0__Name"] = AlertRule,
            ["Turtle__Alerts__Rules__0__Metric"] = "fs[*].used_percent",
            ["Turtle__Alerts__Rules__0__Above"] = "85",
            ["Turtle__Alerts__Rules__0__Clear"] = "80",
        });
        await Silo.WaitReadyAsync(TimeSpan.FromSeconds(60));

        var now = DateTimeOffset.UtcNow;
        FirstSample = new DateTimeOffset(now.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(-30).AddSeconds(10);
        for (var i = 0; i < UdmProBatches; i++)
        {
            await PostUdmProAsync(FirstSample.AddMinutes(i));
        }

        await PostAsync(Example("host-with-processes-and-links.json"));
    }

    /// <summary>Posts host-full.json again, taken at <paramref name="time"/>, with the next sequence number.</summary>
    public Task PostUdmProAsync(DateTimeOffset time)
    {
        var batch = Example("host-full.json");
        batch["seq"] = Interlocked.Increment(ref _nextSeq) - 1;
        batch["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return PostAsync(batch);
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A loopback port nothing listens on: where "no silo answered" is the truth.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static JsonNode Example(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "examples", name)))!;

    private async Task PostAsync(JsonNode batch)
    {
        using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Silo.Http.PostAsync("/api/v1/observations", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

[CollectionDefinition(Name)]
public sealed class FleetSiloCollection : ICollectionFixture<FleetSilo>
{
    public const string Name = "fleet silo";
}
