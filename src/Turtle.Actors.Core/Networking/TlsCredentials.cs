using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Networking;

/// <summary>
/// Loads this process's certificate and the trusted CAs from <see cref="TransportTlsOptions"/>. Files are read again when
/// their modification time changes, so a renewed certificate is used by the next connection without a restart.
/// </summary>
internal sealed class TlsCredentials(TransportTlsOptions options)
{
    private readonly Lock _gate = new();
    private (DateTime Stamp, X509Certificate2? Certificate, X509Certificate2Collection Intermediates)? _local;
    private (DateTime Stamp, X509Certificate2Collection Anchors)? _trust;

    public TransportTlsOptions Options => options;

    /// <summary>This process's certificate (with private key) and the intermediates to send after it; null when none is configured.</summary>
    public (X509Certificate2 Certificate, X509Certificate2Collection Intermediates)? Local()
    {
        if (options.Certificate is { } given)
        {
            return (given, []);
        }

        if (options.CertificatePath is not { } path)
        {
            return null;
        }

        lock (_gate)
        {
            var stamp = Stamp(path, options.KeyPath);
            if (_local is not { } cached || cached.Stamp != stamp)
            {
                var (certificate, intermediates) = LoadCertificate(options);
                _local = cached = (stamp, certificate, intermediates);
            }

            return (cached.Certificate!, cached.Intermediates);
        }
    }

    /// <summary>The CA certificates peers must chain to; null when no CA is configured.</summary>
    public X509Certificate2Collection? Anchors()
    {
        if (options.CaCertificatePath is not { } path)
        {
            return null;
        }

        lock (_gate)
        {
            var stamp = Stamp(path, null);
            if (_trust is not { } cached || cached.Stamp != stamp)
            {
                _trust = cached = (stamp, LoadCaCertificates(path));
            }

            return cached.Anchors;
        }
    }

    /// <summary>Reads a PKCS#12 or PEM certificate with its private key, as <c>Turtle:Networking:Tls</c> describes it.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Intermediates) LoadCertificate(TransportTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new InvalidOperationException("No certificate path is configured.");
        if (!IsPem(path))
        {
            var pkcs12 = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            if (!pkcs12.HasPrivateKey)
            {
                throw new CryptographicException($"{path} holds no private key.");
            }

            return (pkcs12, []);
        }

        var keyPath = options.KeyPath ?? path;
        using var fromPem = string.IsNullOrEmpty(options.CertificatePassword)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, keyPath);
        // Through PKCS#12 once: a certificate whose key came from PEM is not usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.EphemeralKeySet);
        var intermediates = new X509Certificate2Collection();
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        foreach (var extra in all.Skip(1))
        {
            intermediates.Add(extra);
        }

        return (certificate, intermediates);
    }

    /// <summary>Reads every certificate in a PEM file; at least one must be there.</summary>
    public static X509Certificate2Collection LoadCaCertificates(string path)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(path);
        if (anchors.Count == 0)
        {
            throw new CryptographicException($"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return anchors;
    }

    /// <summary>SHA-256 of a certificate's DER bytes, as <see cref="TransportTlsOptions.TrustedThumbprints"/> lists it.</summary>
    public static string Thumbprint(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>PKCS#12 is DER: it starts with a SEQUENCE tag (0x30). Anything else is taken for PEM text.</summary>
    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() != 0x30;
    }

    private static DateTime Stamp(string path, string? other) =>
        other is null ? File.GetLastWriteTimeUtc(path) : new DateTime(Math.Max(File.GetLastWriteTimeUtc(path).Ticks, File.GetLastWriteTimeUtc(other).Ticks), DateTimeKind.Utc);
}
