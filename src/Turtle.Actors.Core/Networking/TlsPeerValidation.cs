using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Turtle.Actors.Networking;

/// <summary>
/// Decides whether a peer's certificate is acceptable: within its validity dates, chained to one of the configured CAs
/// (and to nothing else: the system store is not consulted) for the right purpose, and among the pinned thumbprints when
/// some are listed. Only with neither a CA nor pins does the platform's own verdict (system store, host name) decide.
/// A peer accepted on the silo-to-silo port must also carry serverAuth: a silo is a server to its peers as well as a
/// client, so a client-only certificate (a dashboard's, a tool's) cannot join the cluster as a silo.
/// </summary>
internal static class TlsPeerValidation
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <returns>Null when acceptable, otherwise why not (for the log and the exception).</returns>
    /// <remarks><c>peerMustAlsoBeServer</c>: An accepted peer on the silo port: it must be fit for serverAuth besides clientAuth.</remarks>
    public static string? Check(TlsCredentials credentials, X509Certificate? peer, X509Chain? presented, SslPolicyErrors errors, bool peerIsServer, DateTimeOffset now,
        bool peerMustAlsoBeServer = false)
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

        if (peerMustAlsoBeServer && !AllowsServerAuthentication(certificate))
        {
            return $"the peer's certificate '{certificate.Subject}' lacks extended key usage serverAuth, so it is a client's and cannot join as a silo " +
                   "(silo certificates need serverAuth and clientAuth; clients connect to the gateway port)";
        }

        var options = credentials.Options;
        var anchors = credentials.Anchors();
        if (anchors is not null)
        {
            if (ChainProblem(certificate, presented, anchors, peerIsServer || peerMustAlsoBeServer, !peerIsServer, now) is { } problem)
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

    /// <summary>Whether the certificate may authenticate a server: no extended key usage at all (any purpose), serverAuth or anyExtendedKeyUsage.</summary>
    private static bool AllowsServerAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usages ||
        usages.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuthentication.Value || o.Value == AnyExtendedKeyUsage);

    private static string? ChainProblem(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection anchors, bool asServer, bool asClient, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        // A private CA publishes no revocation lists; certificates are withdrawn by rotating the CA or the pins.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        // Every usage listed must hold along the whole chain (an intermediate's EKU can narrow it).
        if (asServer)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        }

        if (asClient)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        }

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
