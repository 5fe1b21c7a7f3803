using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Networking;
using Turtle.Actors.Testing.Tls;

namespace Turtle.Actors.Core.Tests;

/// <summary>
/// Mutual TLS on the transport: a private CA's certificates from PEM files carry calls; every other peer is refused
/// before it gets a handshake frame through, and the server says why.
/// </summary>
public sealed class MutualTlsTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), $"turtle-tls-{Guid.NewGuid():N}");
    private readonly TestCertificateAuthority _ca;
    private readonly TestCertificateAuthority _otherCa;

    public MutualTlsTests()
    {
        _ca = new TestCertificateAuthority("Turtle Test CA", Path.Join(_directory, "ca"));
        _otherCa = new TestCertificateAuthority("Some Other CA", Path.Join(_directory, "other"));
    }

    private static TransportTlsOptions Pem(IssuedCertificate certificate, TestCertificateAuthority trusted) =>
        new() { CertificatePath = certificate.CertificatePath, KeyPath = certificate.KeyPath, CaCertificatePath = trusted.CertificatePath };

    private ConnectionOptions Silo() => new() { Tls = Pem(_ca.Issue("silo-a"), _ca) };

    [Fact]
    public async Task Certificates_from_a_private_ca_in_pem_files_carry_calls_both_ways_checked()
    {
        await using var pair = await LoopbackPair.StartAsync(server: Silo(), client: new ConnectionOptions { Tls = Pem(_ca.Issue("dashboard"), _ca) });

        Assert.Equal(5, await pair.Grain("mtls").Add(2, 3));
        Assert.Single(pair.ServerConnections);
    }

    [Fact]
    public async Task A_plaintext_peer_is_refused_by_a_port_that_requires_tls_and_logged_once()
    {
        var logs = new CollectingLoggerFactory();
        await using var pair = LoopbackPair.Listen(Silo(), logs);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions()));
        }

        await logs.WaitUntilAsync(() => logs.At(LogLevel.Debug).Count(m => m.Contains("plaintext", StringComparison.Ordinal)) >= 2, "the later refusals");
        var warning = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Contains("Refused a plaintext connection from 127.0.0.1", warning);
        Assert.Contains("Turtle:Networking:Tls:Required", warning);
        Assert.Empty(pair.ServerConnections);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused()
    {
        var logs = new CollectingLoggerFactory();
        await using var pair = LoopbackPair.Listen(Silo(), logs);

        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = Pem(_otherCa.Issue("intruder"), _ca) }));

        await logs.WaitUntilAsync(() => logs.At(LogLevel.Warning).Any(m => m.Contains("CN=intruder", StringComparison.Ordinal)), "the refusal");
        Assert.Contains(logs.At(LogLevel.Warning), m => m.Contains("does not chain to the configured CA", StringComparison.Ordinal));
        Assert.Contains(logs.At(LogLevel.Warning), m => m.StartsWith("Refused a connection from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Empty(pair.ServerConnections);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var logs = new CollectingLoggerFactory();
        await using var pair = LoopbackPair.Listen(Silo(), logs);

        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = new TransportTlsOptions { CaCertificatePath = _ca.CertificatePath } }));

        await logs.WaitUntilAsync(() => logs.At(LogLevel.Warning).Any(m => m.Contains("presented no certificate", StringComparison.Ordinal)), "the refusal");
        Assert.Empty(pair.ServerConnections);
    }

    [Fact]
    public async Task An_expired_client_certificate_is_refused()
    {
        var logs = new CollectingLoggerFactory();
        await using var pair = LoopbackPair.Listen(Silo(), logs);
        var expired = _ca.Issue("expired", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = Pem(expired, _ca) }));

        await logs.WaitUntilAsync(() => logs.At(LogLevel.Warning).Any(m => m.Contains("outside its validity", StringComparison.Ordinal)), "the refusal");
        Assert.Empty(pair.ServerConnections);
    }

    [Fact]
    public async Task The_client_refuses_a_server_whose_certificate_comes_from_another_ca_and_never_falls_back_to_plaintext()
    {
        await using var impostor = LoopbackPair.Listen(new ConnectionOptions { Tls = Pem(_otherCa.Issue("impostor"), _ca) });
        var error = await Assert.ThrowsAsync<ConnectionLostException>(() => impostor.ConnectAsync(new ConnectionOptions { Tls = Pem(_ca.Issue("dashboard"), _ca) }));
        Assert.Contains("CN=impostor", error.Message);

        await using var plaintext = LoopbackPair.Listen(new ConnectionOptions());
        await Assert.ThrowsAsync<ConnectionLostException>(() => plaintext.ConnectAsync(new ConnectionOptions { Tls = Pem(_ca.Issue("dashboard"), _ca) }));
        Assert.Empty(plaintext.ServerConnections);
    }

    [Fact]
    public async Task With_required_off_a_port_takes_plaintext_peers_beside_tls_ones_and_still_checks_the_tls_ones()
    {
        var server = Silo();
        server.Tls!.Required = false;
        await using var pair = await LoopbackPair.StartAsync(server: server, client: new ConnectionOptions { Tls = Pem(_ca.Issue("dashboard"), _ca) });

        var plaintext = await pair.ConnectAsync(new ConnectionOptions());
        plaintext.Close();
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = Pem(_otherCa.Issue("intruder"), _ca) }));
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = new TransportTlsOptions { CaCertificatePath = _ca.CertificatePath } }));

        Assert.Equal(7, await pair.Grain("mixed").Add(3, 4));
        Assert.Equal(2, pair.ServerConnections.Count);
    }

    [Fact]
    public async Task Without_client_certificates_required_a_client_that_has_none_is_served()
    {
        var server = Silo();
        server.Tls!.RequireClientCertificate = false;
        await using var pair = await LoopbackPair.StartAsync(server: server, client: new ConnectionOptions { Tls = new TransportTlsOptions { CaCertificatePath = _ca.CertificatePath } });

        Assert.Equal(7, await pair.Grain("server-only").Add(3, 4));
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions()));
    }

    [Fact]
    public async Task A_pkcs12_file_with_a_password_works_as_well_as_pem()
    {
        var issued = _ca.Issue("silo-p12");
        var pfx = Path.Join(_directory, "silo.p12");
        await File.WriteAllBytesAsync(pfx, issued.Certificate.Export(X509ContentType.Pkcs12, "s3cret"));
        var server = new ConnectionOptions { Tls = new TransportTlsOptions { CertificatePath = pfx, CertificatePassword = "s3cret", CaCertificatePath = _ca.CertificatePath } };

        await using var pair = await LoopbackPair.StartAsync(server: server, client: new ConnectionOptions { Tls = Pem(_ca.Issue("client"), _ca) });

        Assert.Equal(9, await pair.Grain("p12").Add(4, 5));
    }

    [Fact]
    public void The_validator_names_the_setting_for_missing_files_unreadable_keys_and_bad_pins()
    {
        var issued = _ca.Issue("silo-v");
        var pfx = Path.Join(_directory, "v.p12");
        File.WriteAllBytes(pfx, issued.Certificate.Export(X509ContentType.Pkcs12, "right"));
        var notACa = Path.Join(_directory, "empty.pem");
        File.WriteAllText(notACa, "nothing here\n");
        var validator = new ConnectionOptionsValidator();

        string Failure(TransportTlsOptions tls) => string.Join("\n", validator.Validate(null, new ConnectionOptions { Tls = tls }).Failures ?? []);

        Assert.True(validator.Validate(null, new ConnectionOptions { Tls = Pem(issued, _ca) }).Succeeded);
        Assert.Contains("Turtle:Networking:Tls:CertificatePath must name", Failure(new TransportTlsOptions { CaCertificatePath = _ca.CertificatePath }));
        Assert.Contains("Turtle:Networking:Tls:CertificatePath: file '/nonexistent/silo.crt' does not exist", Failure(new TransportTlsOptions { CertificatePath = "/nonexistent/silo.crt" }));
        Assert.Contains("Turtle:Networking:Tls:KeyPath: file", Failure(new TransportTlsOptions { CertificatePath = issued.CertificatePath, KeyPath = "/nonexistent/silo.key" }));
        Assert.Contains("cannot be read with its private key", Failure(new TransportTlsOptions { CertificatePath = pfx, CertificatePassword = "wrong" }));
        Assert.Contains("cannot be read with its private key", Failure(new TransportTlsOptions { CertificatePath = issued.CertificatePath, KeyPath = _ca.Issue("another").KeyPath }));
        Assert.Contains("Turtle:Networking:Tls:CaCertificatePath", Failure(new TransportTlsOptions { CertificatePath = issued.CertificatePath, KeyPath = issued.KeyPath, CaCertificatePath = notACa }));
        Assert.Contains("Turtle:Networking:Tls:TrustedThumbprints entry 'abc'", Failure(new TransportTlsOptions { Certificate = issued.Certificate, TrustedThumbprints = ["abc"] }));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
