using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Silo.Tests;

/// <summary>
/// Three silo processes on one real PostgreSQL as three datacenters: dc1 and dc2 active, dc3 a read-only observer,
/// with the failover policy on and a short recovery window. Each silo has a data directory of its own.
/// </summary>
internal sealed class ThreeDcCluster : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private readonly List<string> _dataDirs = [];

    private ThreeDcCluster(PostgresTestDatabase database, SiloProcess dc1, SiloProcess dc2, SiloProcess dc3)
    {
        _database = database;
        Dc1 = dc1;
        Dc2 = dc2;
        Dc3 = dc3;
    }

    public SiloProcess Dc1 { get; }

    public SiloProcess Dc2 { get; }

    public SiloProcess Dc3 { get; }

    public static async Task<ThreeDcCluster> StartAsync(TimeSpan recoveryHysteresis)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var dataDirs = new List<string>();
        SiloProcess Start(string dc, string role)
        {
            var dataDir = Directory.CreateTempSubdirectory($"turtle-{dc}-").FullName;
            dataDirs.Add(dataDir);
            return SiloProcess.Start(new Dictionary<string, string>
            {
                ["Turtle__Clustering__Provider"] = "postgres",
                ["Turtle__Storage__Provider"] = "postgres",
                ["ConnectionStrings__Turtle"] = database.ConnectionString,
                ["Turtle__ClusterId"] = "three-dcs",
                ["Turtle__Dc"] = dc,
                ["Turtle__Role"] = role,
                ["Turtle__DataDir"] = dataDir,
                ["Turtle__Failover__Enabled"] = "true",
                ["Turtle__Failover__RecoveryHysteresis"] = recoveryHysteresis.ToString("c", CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            });
        }

        var cluster = new ThreeDcCluster(database, Start("dc1", "active"), Start("dc2", "active"), Start("dc3", "observer"));
        cluster._dataDirs.AddRange(dataDirs);
        await Task.WhenAll(cluster.All.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(60))));
        return cluster;
    }

    public IEnumerable<SiloProcess> All => [Dc1, Dc2, Dc3];

    /// <summary><c>GET /api/v1/failover</c> of <paramref name="silo"/>, or null when it does not answer.</summary>
    public static async Task<JsonElement?> FailoverAsync(SiloProcess silo)
    {
        try
        {
            return await silo.Http.GetFromJsonAsync<JsonElement>("/api/v1/failover");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public static async Task<string?> PhaseAsync(SiloProcess silo) =>
        await FailoverAsync(silo) is { } view ? view.GetProperty("status").GetProperty("phase").GetString() : null;

    public static async Task<bool> AllDcsUpAsync(SiloProcess silo) =>
        await FailoverAsync(silo) is { } view
        && view.GetProperty("status").GetProperty("dcs").EnumerateArray().Count(d => d.GetProperty("state").GetString() == "Up") == 3;

    /// <summary>One observation of <paramref name="host"/> with <paramref name="seq"/>, its CPU value carrying the sequence number.</summary>
    public static StringContent Observation(string dc, string host, long seq, DateTimeOffset time) => new(
        JsonSerializer.Serialize(new
        {
            schema = "turtle.observation/v1",
            collector = $"{host}-agent",
            seq,
            dc,
            host,
            time,
            interval = 1,
            metrics = new { cpu = new { percent = seq % 100 } },
        }),
        Encoding.UTF8,
        "application/json");

    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Not within {timeout}: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in All)
        {
            silo.Dispose();
        }

        await _database.DisposeAsync();
        foreach (var dir in _dataDirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static bool IsAccepted(HttpStatusCode status) => status == HttpStatusCode.Accepted;
}
