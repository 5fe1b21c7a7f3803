using System.Net.Security;
using System.Security.Authentication;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Networking;

/// <summary>
/// Wraps a connection's stream in TLS 1.2/1.3. Both sides check each other's certificate (<see cref="TlsPeerValidation"/>);
/// the accepting side demands one unless <see cref="TransportTlsOptions.RequireClientCertificate"/> is false.
/// </summary>
internal static class TlsStreams
{
    public static async Task<Stream> WrapAsync(Stream stream, TlsCredentials credentials, bool isOutbound, string targetHost, TimeProvider time, CancellationToken cancellationToken,
        bool peerMustAlsoBeServer = false)
    {
        var tls = credentials.Options;
        var local = credentials.Local();
        string? refusal = null;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, peer, chain, errors) =>
        {
            if (!isOutbound && peer is null && !tls.RequireClientCertificate)
            {
                return true;
            }

            refusal = TlsPeerValidation.Check(credentials, peer, chain, errors, peerIsServer: isOutbound, time.GetUtcNow(), peerMustAlsoBeServer);
            return refusal is null;
        });
        try
        {
            if (isOutbound)
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    ClientCertificateContext = local is { } mine ? SslStreamCertificateContext.Create(mine.Certificate, mine.Intermediates, offline: true) : null,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var mine = local ?? throw new AuthenticationException("TLS is required but no certificate is configured (Turtle:Networking:Tls:CertificatePath).");
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(mine.Certificate, mine.Intermediates, offline: true),
                    ClientCertificateRequired = tls.RequireClientCertificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (refusal is not null && exception is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException($"Refused: {refusal}.", exception);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ssl;
    }

    /// <summary>
    /// Whether the first bytes a peer sent open a TLS handshake record (content type 22, protocol major version 3). A
    /// plaintext peer starts with a little-endian frame length, which never looks like that: its second byte would make the
    /// handshake frame at least 790 bytes long.
    /// </summary>
    public static bool LooksLikeClientHello(ReadOnlySpan<byte> first) => first.Length >= 2 && first[0] == 0x16 && first[1] == 0x03;
}
