using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Turtle.Actors.Networking;

/// <summary>
/// Decides whether a peer's certificate is acceptable: within its validity dates, chained to one of the configured CAs
/// (and to nothing else: the system store is not consulted) for the right purpose, and among the pinned thumbprints when
/// some are listed. Only with neither a CA nor pins does the platform's own verdict (system store, host name) decide.
/// </summary>
internal static class TlsPeerValidation
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <returns>Null when acceptable, otherwise why not (for the log and the exception).</returns>
    public static string? Check(TlsCredentials credentials, X509Certificate? peer, X509Chain? presented, SslPolicyErrors errors, bool peerIsServer, DateTimeOffset now)
    {
        if (peer is null)
        {
            return "the peer presented no certificate";
        }

        using var certificate = X509CertificateLoader.LoadCertificate(peer.GetRawCertData());
        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime() || now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            return $"the peer's certificate '{certificate.Subject}' is outside its validity ({certificate.NotBefore:u} to {certificate.NotAfter:u})";
        }

        var options = credentials.Options;
        var anchors = credentials.Anchors();
        if (anchors is not null)
        {
            if (ChainProblem(certificate, presented, anchors, peerIsServer, now) is { } problem)
            {
                return $"the peer's certificate '{certificate.Subject}' does not chain to the configured CA ({problem})";
            }
        }
        else if (options.TrustedThumbprints.Count == 0 && errors != SslPolicyErrors.None)
        {
            return $"the peer's certificate '{certificate.Subject}' is not trusted by the system store ({errors})";
        }

        if (options.TrustedThumbprints.Count > 0)
        {
            var thumbprint = TlsCredentials.Thumbprint(certificate);
            if (!options.TrustedThumbprints.Any(t => string.Equals(t.Replace(":", "", StringComparison.Ordinal), thumbprint, StringComparison.OrdinalIgnoreCase)))
            {
                return $"the peer's certificate '{certificate.Subject}' (SHA-256 {thumbprint}) is not among the pinned thumbprints";
            }
        }

        return null;
    }

    private static string? ChainProblem(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection anchors, bool peerIsServer, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        // A private CA publishes no revocation lists; certificates are withdrawn by rotating the CA or the pins.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(peerIsServer ? ServerAuthentication : ClientAuthentication);
        if (presented is not null)
        {
            // Intermediates the peer sent after its own certificate.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
        return string.Join(", ", statuses);
    }
}
