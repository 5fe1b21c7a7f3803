using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Core.Tests;

/// <summary>scripts/test-ca, which operators and docs/operations.md use, makes certificates the transport accepts.</summary>
public sealed class TestCaScriptTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), $"turtle-test-ca-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_script_makes_a_ca_and_certificates_that_carry_mutual_tls_and_a_second_run_changes_nothing()
    {
        var first = await RunAsync(_directory, "silo-a", "--client", "client");
        Assert.Contains("made", first);
        var before = Directory.GetFiles(_directory).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(["ca.crt", "ca.key", "client.crt", "client.key", "silo-a.crt", "silo-a.key"],
            before.Keys.Select(Path.GetFileName).Where(f => !f!.EndsWith(".srl", StringComparison.Ordinal)).Order());

        var second = await RunAsync(_directory, "silo-a", "--client", "client");
        Assert.Equal("", second.Trim());
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));

        Assert.True(new ConnectionOptionsValidator().Validate(null, new ConnectionOptions { Tls = Tls("silo-a") }).Succeeded);
        await using var pair = await LoopbackPair.StartAsync(server: new ConnectionOptions { Tls = Tls("silo-a") }, client: new ConnectionOptions { Tls = Tls("client") });
        Assert.Equal(11, await pair.Grain("script").Add(5, 6));
    }

    [Fact]
    public async Task A_client_certificate_is_refused_on_the_silo_port_and_served_on_the_gateway_port()
    {
        await RunAsync(_directory, "silo-a", "silo-b", "--client", "dashboard");
        var client = new ConnectionOptions { Tls = Tls("dashboard") };

        var logs = new CollectingLoggerFactory();
        await using (var siloPort = LoopbackPair.Listen(new ConnectionOptions { Tls = Tls("silo-a") }, logs, acceptsSilos: true))
        {
            await Assert.ThrowsAsync<Turtle.Actors.Networking.ConnectionLostException>(() => siloPort.ConnectAsync(client));
            await logs.WaitUntilAsync(() => logs.At(LogLevel.Warning).Any(m => m.Contains("CN=dashboard", StringComparison.Ordinal)), "the refusal");
            Assert.Contains(logs.At(LogLevel.Warning), m => m.Contains("lacks extended key usage serverAuth", StringComparison.Ordinal) &&
                                                           m.Contains("cannot join as a silo", StringComparison.Ordinal));
            Assert.Empty(siloPort.ServerConnections);

            // Another silo's certificate (serverAuth and clientAuth) joins on the same port.
            var silo = await siloPort.ConnectAsync(new ConnectionOptions { Tls = Tls("silo-b") });
            Assert.False(silo.IsClosed);
        }

        await using var gateway = await LoopbackPair.StartAsync(server: new ConnectionOptions { Tls = Tls("silo-a") }, client: client);
        Assert.Equal(7, await gateway.Grain("gateway").Add(3, 4));
    }

    private TransportTlsOptions Tls(string name) => new()
    {
        CertificatePath = Path.Join(_directory, $"{name}.crt"),
        KeyPath = Path.Join(_directory, $"{name}.key"),
        CaCertificatePath = Path.Join(_directory, "ca.crt"),
    };

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Join(RepositoryRoot(), "scripts", "test-ca")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"scripts/test-ca exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "Turtle.Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Turtle.Actors.sln not found above the test assembly.");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
