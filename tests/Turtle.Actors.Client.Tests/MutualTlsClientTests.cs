using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Client;
using Turtle.Actors.Configuration;
using Turtle.Actors.Hosting;
using Turtle.Actors.Messaging;
using Turtle.Actors.Testing.Cluster;
using Turtle.Actors.Testing.Tls;

namespace Turtle.Actors.Client.Tests;

/// <summary>A client reaches a TLS gateway only with a certificate from the cluster's CA.</summary>
public sealed class MutualTlsClientTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), $"turtle-client-tls-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_client_with_a_certificate_from_the_cluster_ca_calls_grains_and_clients_without_one_or_in_plaintext_are_refused()
    {
        using var ca = new TestCertificateAuthority("Turtle Test CA", Path.Join(_directory, "ca"));
        using var otherCa = new TestCertificateAuthority("Other CA", Path.Join(_directory, "other"));
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(0, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        var silo = await cluster.StartSiloAsync(ca.Settings(ca.Issue("silo-1")));
        var gateway = silo.Gateway.ToString();

        TransportTlsOptions Tls(IssuedCertificate? certificate) => new()
        {
            CertificatePath = certificate?.CertificatePath,
            KeyPath = certificate?.KeyPath,
            CaCertificatePath = ca.CertificatePath,
        };
        ClusterClientOptions Options(TransportTlsOptions? tls) => new() { Gateways = [gateway], Tls = tls, ConnectRetryLimit = TimeSpan.FromSeconds(1) };

        await using (var client = await ClusterClient.ConnectAsync(Options(Tls(ca.Issue("dashboard")))))
        {
            Assert.Equal(3, await client.GetGrain<ICallGrain>("over-tls").Add(1, 2));
        }

        await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterClient.ConnectAsync(Options(null)));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterClient.ConnectAsync(Options(Tls(null))));
        var wrongCa = Tls(otherCa.Issue("intruder"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterClient.ConnectAsync(Options(wrongCa)));
    }

    [Fact]
    public void The_client_validator_names_its_own_tls_settings()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddTurtleClient(o => o.Tls = new TransportTlsOptions
        {
            CertificatePath = Path.Join(_directory, "none.crt"),
            CaCertificatePath = Path.Join(_directory, "none-ca.crt"),
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterClientOptions>>().Value);
        Assert.Contains("Turtle:Client:Tls:CertificatePath", error.Message);
        Assert.Contains("Turtle:Client:Tls:CaCertificatePath", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
