using System.Net;
using System.Text.Json;
using Npgsql;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Silo.Tests.Health;

/// <summary><c>/health/ready</c> reflects the silo, its membership and its storage, and says in JSON which check failed.</summary>
public class ReadinessTests
{
    [Fact]
    public async Task Ready_names_each_check_as_healthy()
    {
        await using var silo = new SiloFactory();
        using var http = silo.CreateClient();

        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["silo"] = "Healthy", ["membership"] = "Healthy", ["storage"] = "Healthy" }, checks);
    }

    [Fact]
    public async Task Storage_out_of_reach_makes_ready_503_naming_storage_while_live_stays_200()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var proxy = new LoopbackTcpProxy(server.Host!, server.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString;
        await using var silo = new SiloFactory(new()
        {
            ["Turtle:Storage:Provider"] = "postgres",
            ["ConnectionStrings:Turtle"] = throughProxy,
            ["Turtle:Health:StorageProbeTimeout"] = "00:00:01",
            ["Turtle:Health:StorageProbeCacheFor"] = "00:00:00.100",
        });
        using var http = silo.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        proxy.Cut();

        HttpResponseMessage ready;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((ready = await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "ready should turn 503 once storage is out of reach");
            await Task.Delay(50);
        }

        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var storage = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.StartsWith("Grain storage", storage.GetProperty("description").GetString());
        var siloCheck = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "silo");
        Assert.Equal("Healthy", siloCheck.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_clustered_silo_cut_off_from_the_membership_table_is_not_ready()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var proxy = new LoopbackTcpProxy(server.Host!, server.Port);
        var dataDir = Directory.CreateTempSubdirectory("turtle-ready-").FullName;
        try
        {
            // Membership through the proxy; grain state in SQLite, so only the membership check can fail.
            using var silo = SiloProcess.Start(new()
            {
                ["Turtle__Clustering__Provider"] = "postgres",
                ["ConnectionStrings__Turtle"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString,
                ["Turtle__DataDir"] = dataDir,
                ["Turtle__Health__MembershipStaleAfter"] = "00:00:02",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));

            proxy.Cut();

            JsonElement body = default;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var ready = await silo.Http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"ready should turn 503 once the membership table is out of reach:\n{silo.Output}");
                await Task.Delay(100);
            }

            var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
            Assert.Equal("Unhealthy", checks["membership"].GetProperty("status").GetString());
            Assert.Contains("membership table has not been read", checks["membership"].GetProperty("description").GetString());
            Assert.Equal("Healthy", checks["storage"].GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
