using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Networking;

/// <summary>Wraps a connection's stream in TLS 1.2/1.3 when configured; both sides present certificates.</summary>
internal static class TlsStreams
{
    public static async Task<Stream> WrapAsync(Stream stream, TransportTlsOptions tls, bool isOutbound, string targetHost, CancellationToken cancellationToken)
    {
        var certificate = LoadCertificate(tls);
        // The caller checks the server it reached; a server does not yet require client certificates (mutual TLS comes
        // with authentication), so it accepts whatever a client presents.
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, peer, _, errors) => !isOutbound || IsTrusted(tls, peer, errors));
        try
        {
            if (isOutbound)
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate ?? throw new AuthenticationException("TLS is required but no certificate is configured (Turtle:Networking:Tls:CertificatePath)."),
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ssl;
    }

    private static X509Certificate2? LoadCertificate(TransportTlsOptions tls) =>
        tls.Certificate ?? (tls.CertificatePath is { } path ? X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword) : null);

    private static bool IsTrusted(TransportTlsOptions tls, X509Certificate? peer, SslPolicyErrors errors)
    {
        if (tls.TrustedThumbprints.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        // Pinned: the peer must present one of the listed certificates (names are not checked; silos are addressed by IP).
        if (peer is null)
        {
            return false;
        }

        var thumbprint = Convert.ToHexString(SHA256.HashData(peer.GetRawCertData()));
        return tls.TrustedThumbprints.Any(t => string.Equals(t.Replace(":", "", StringComparison.Ordinal), thumbprint, StringComparison.OrdinalIgnoreCase));
    }
}
