using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Turtle.Actors.Testing;
using Turtle.Actors.Testing.Postgres;
using Turtle.Silo.Tests;

namespace Turtle.Deploy.Tests;

/// <summary>
/// The DC1, DC2 and DC3 samples, as shipped but for addresses, ports and file locations, run as three silo processes on a
/// real PostgreSQL with certificates from scripts/test-ca: they form a cluster over mutual TLS, serve HTTPS with the
/// silo's certificate, carry an observation from one DC's silo to the other's grain, replicate it to the DC3 observer,
/// which refuses writes with 409, and refuse a plaintext peer. Sign-in is on as in the samples: the test trades the
/// admin password one of them logs at first start for an API token.
/// </summary>
public sealed class SampleClusterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-samples-").FullName;
    private readonly List<(Process Process, StringBuilder Output)> _silos = [];
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    [Fact]
    public async Task The_three_dc_samples_form_a_cluster_over_mutual_tls_with_a_read_only_observer_and_refuse_plaintext()
    {
        var tls = Path.Join(_directory, "tls");
        var (exitCode, _, error) = await Repository.RunAsync(Repository.Path("scripts", "test-ca"), tls, "dc1-silo-a=127.0.0.1", "dc2-silo-a=127.0.0.1", "dc3-silo-a=127.0.0.1");
        Assert.True(exitCode == 0, error);

        var dc1 = Start("dc1", tls);
        var dc2 = Start("dc2", tls);
        var dc3 = Start("dc3", tls);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(async () => await Status(http, $"{dc1.Local}/health/ready") == 200 && await Status(http, $"{dc2.Local}/health/ready") == 200
                                         && await Status(http, $"{dc3.Local}/health/ready") == 200, "all three silos ready");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{dc1.Local}/api/v1/cluster/silos")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AdminTokenAsync(http, dc1.Local));
        await WaitUntilAsync(async () => (await http.GetStringAsync($"{dc1.Local}/api/v1/cluster/silos")).Split("\"Active\"").Length == 4, "three active silos");

        // HTTPS with the silo's certificate, checked against the test CA alone.
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Join(tls, "ca.crt"));
        using var https = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        });
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync($"{dc2.Public}/health/live")).StatusCode);

        // An observation of a dc1 host posted to dc2's silo reaches the host's grain, which lives with dc1.
        var observation = File.ReadAllText(Repository.Path("docs", "schema", "examples", "host-full.json"));
        await WaitUntilAsync(async () =>
        {
            using var content = new StringContent(observation, Encoding.UTF8, "application/json");
            return (await http.PostAsync($"{dc2.Local}/api/v1/observations", content)).StatusCode == HttpStatusCode.Accepted;
        }, "dc2 to accept the observation");
        Assert.Contains("\"key\":\"dc1/udm-pro\"", await http.GetStringAsync($"{dc1.Local}/api/v1/hosts/dc1/udm-pro"));

        // The DC3 observer reads the twin from its replica (the change feed crossed mutual TLS too) and refuses writes.
        await WaitUntilAsync(async () => await Status(http, $"{dc3.Local}/api/v1/hosts/dc1/udm-pro") == 200, "dc3's replica of dc1/udm-pro");
        using (var content = new StringContent(observation, Encoding.UTF8, "application/json"))
        {
            using var refused = await http.PostAsync($"{dc3.Local}/api/v1/observations", content);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("read-only observer", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A plaintext peer on dc1's silo port is closed, and dc1 says why.
        using (var plaintext = new TcpClient())
        {
            await plaintext.ConnectAsync(IPAddress.Loopback, dc1.SiloPort);
            var stream = plaintext.GetStream();
            await stream.WriteAsync(new byte[] { 0x20, 0, 0, 0, 1, 2, 3, 4 });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                Assert.Equal(0, await stream.ReadAsync(new byte[16], timeout.Token));
            }
            catch (IOException)
            {
                // Reset instead of closed: refused all the same.
            }
        }

        await WaitUntilAsync(() => Task.FromResult(Output(0).Contains("Refused a plaintext connection from 127.0.0.1", StringComparison.Ordinal)), "dc1 to log the refusal");
    }

    private (string Local, string Public, int SiloPort) Start(string dc, string tls)
    {
        var (httpPort, httpsPort, siloPort, gatewayPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var settings = File.ReadAllLines(Repository.Path("deploy", "config", $"{dc}.env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Key: line[..line.IndexOf('=')], Value: line[(line.IndexOf('=') + 1)..]))
            // The DC's OTLP receiver is not on this machine, and JSON log lines are read by observability's own tests:
            // both are left out here; everything else is the sample's, sign-in included.
            .Where(s => !s.Key.StartsWith("Turtle__Telemetry__", StringComparison.Ordinal) && !s.Key.StartsWith("Turtle__Logging__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value);

        // What differs on one machine: loopback addresses, free ports, files in the test's directory.
        settings["Turtle__AdvertisedAddress"] = "127.0.0.1";
        settings["Turtle__SiloPort"] = $"{siloPort}";
        settings["Turtle__GatewayPort"] = $"{gatewayPort}";
        settings["Kestrel__Endpoints__Local__Url"] = $"http://127.0.0.1:{httpPort}";
        settings["Kestrel__Endpoints__Public__Url"] = $"https://127.0.0.1:{httpsPort}";
        foreach (var key in settings.Keys.Where(k => settings[k].StartsWith("/etc/turtle/tls/", StringComparison.Ordinal)).ToList())
        {
            settings[key] = Path.Join(tls, Path.GetFileName(settings[key]));
        }

        foreach (var key in settings.Keys.Where(k => settings[k] == "/run/credentials/turtle-silo.service/tls.key").ToList())
        {
            settings[key] = Path.Join(tls, $"{dc}-silo-a.key");
        }

        settings["Turtle__DataDir"] = Path.Join(_directory, $"{dc}-data");
        settings["Turtle__Collector__Enabled"] = "false";
        settings["ConnectionStrings__Turtle"] = _database.ConnectionString;
        Assert.All(settings.Values, value => Assert.DoesNotContain("/etc/turtle/", value));

        var start = new ProcessStartInfo("dotnet", [Path.Join(AppContext.BaseDirectory, "Turtle.Silo.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _silos.Add((process, output));
        return ($"http://127.0.0.1:{httpPort}", $"https://127.0.0.1:{httpsPort}", siloPort);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The password the first silo to start logs once for the bootstrap admin, traded for an API token.</summary>
    private async Task<string> AdminTokenAsync(HttpClient http, string server)
    {
        string? password = null;
        await WaitUntilAsync(() => Task.FromResult((password = _silos.Select((_, i) => AdminBanner.PasswordIn(Output(i))).FirstOrDefault(p => p is not null)) is not null), "the admin password in a silo's log");
        using var login = await http.PostAsJsonAsync($"{server}/api/v1/login", new { user = "admin", password });
        login.EnsureSuccessStatusCode();
        using var issued = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return issued.RootElement.GetProperty("secret").GetString()!;
    }

    private string Output(int silo)
    {
        var output = _silos[silo].Output;
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task<int> Status(HttpClient http, string url)
    {
        try
        {
            return (int)(await http.GetAsync(url)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60) || _silos.Any(s => s.Process.HasExited))
            {
                var logs = string.Join("\n---\n", _silos.Select((_, i) => Output(i)[^Math.Min(4000, Output(i).Length)..]));
                throw new TimeoutException($"Gave up waiting for {what}. Silo output:\n{logs}");
            }

            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (process, _) in _silos)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
