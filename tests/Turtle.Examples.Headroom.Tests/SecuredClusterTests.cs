using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Turtle.Actors.Testing.Postgres;
using Turtle.Actors.Testing.Tls;
using Turtle.Silo.Tests;

namespace Turtle.Examples.Headroom.Tests;

/// <summary>
/// The example against a silo as shipped for production: authentication on (history needs a bearer token) and mutual
/// TLS on its gateway (the grain client needs a certificate from the cluster's CA).
/// </summary>
public sealed class SecuredClusterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-headroom-tls-").FullName;
    private PostgresTestDatabase _database = null!;
    private TestCertificateAuthority _ca = null!;
    private IssuedCertificate _client = null!;
    private SiloProcess _silo = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _ca = new TestCertificateAuthority("headroom test CA", _directory);
        var silo = _ca.Issue("silo");
        _client = _ca.Issue("client");
        _silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = _database.ConnectionString,
            ["Turtle__Auth__Enabled"] = "true",
            ["Turtle__Networking__Tls__CertificatePath"] = silo.CertificatePath,
            ["Turtle__Networking__Tls__KeyPath"] = silo.KeyPath,
            ["Turtle__Networking__Tls__CaCertificatePath"] = _ca.CertificatePath,
        });
        await _silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        _token = await SiloAdmin.SignInAsync(_silo);
        await PostAsync();
    }

    public async Task DisposeAsync()
    {
        _silo.Dispose();
        _ca.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_a_token_and_a_client_certificate_it_reads_the_twins_and_the_history()
    {
        var gateway = $"127.0.0.1:{_silo.GatewayPort}";
        var api = $"http://127.0.0.1:{_silo.HttpPort}";
        string[] tls = ["--tls-cert", _client.CertificatePath, "--tls-key", _client.KeyPath, "--tls-ca", _ca.CertificatePath];

        var withToken = await HeadroomProgramTests.RunAsync(["--gateway", gateway, "--api", api, "--token", _token, .. tls]);
        var fromEnvironment = await HeadroomProgramTests.RunAsync(["--gateway", gateway, "--api", api, .. tls], new() { ["TURTLE_TOKEN"] = _token });
        var withoutToken = await HeadroomProgramTests.RunAsync(["--gateway", gateway, "--api", api, .. tls]);
        var withoutCertificate = await HeadroomProgramTests.RunAsync(["--gateway", gateway]);

        foreach (var result in new[] { withToken, fromEnvironment })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("dc1/secured", result.Output);
            // Printed only after the history API answered (without a token it is a 401, below).
            Assert.Contains("1 filesystems checked", result.Output);
        }

        // Twins through TLS, then history refused: exit 1 naming the 401 and how to give a token.
        Assert.True(withoutToken.ExitCode == 1, withoutToken.ToString());
        Assert.Contains("dc1/secured", withoutToken.Output);
        Assert.Contains("headroom: GET /api/v1/history answered 401 (give an API token with --token or TURTLE_TOKEN)", withoutToken.Error);
        // A plaintext client: the TLS-required gateway closes it, and no gateway answers.
        Assert.True(withoutCertificate.ExitCode == 1, withoutCertificate.ToString());
        Assert.StartsWith("headroom: ", withoutCertificate.Error);
    }

    /// <summary>Six reports of dc1/secured's root filesystem a minute apart, posted with the admin's token.</summary>
    private async Task PostAsync()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 6; i++)
        {
            var batch = new JsonObject
            {
                ["schema"] = "turtle.observation/v1",
                ["collector"] = "secured-agent",
                ["seq"] = i + 1,
                ["dc"] = "dc1",
                ["host"] = "secured",
                ["time"] = now.AddMinutes(i - 30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["metrics"] = new JsonObject
                {
                    ["cpu"] = new JsonObject { ["percent"] = 20.0 },
                    ["memory"] = new JsonObject { ["totalBytes"] = 4L << 30, ["availableBytes"] = 2L << 30 },
                    ["filesystems"] = new JsonArray(new JsonObject { ["mount"] = "/", ["sizeBytes"] = 100_000_000_000, ["usedBytes"] = 50_000_000_000 + i }),
                },
            };
            using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _silo.Http.PostAsync("/api/v1/observations", content);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
