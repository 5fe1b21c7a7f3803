using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Turtle.Actors.Testing.Tls;

/// <summary>
/// A throw-away CA for TLS tests, made in memory with <see cref="CertificateRequest"/> (faster than openssl, and no
/// files unless asked): issues certificates for silos and clients, expired ones included, and writes them as PEM files
/// laid out like <c>scripts/test-ca</c>'s (<c>ca.crt</c>, <c>NAME.crt</c>, <c>NAME.key</c>).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificateAuthority(string name, string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
        CertificatePath = Path.Join(directory, "ca.crt");
        File.WriteAllText(CertificatePath, Certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>The folder the PEM files go to.</summary>
    public string Directory { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM (<c>ca.crt</c>): what <c>CaCertificatePath</c> points to.</summary>
    public string CertificatePath { get; }

    /// <summary>
    /// Issues a certificate for server and client authentication (a silo is both), for 127.0.0.1 and <paramref name="name"/>,
    /// and writes <c>NAME.crt</c> and <c>NAME.key</c> (PKCS#8 PEM). Past <paramref name="notAfter"/> it is expired.
    /// </summary>
    public IssuedCertificate Issue(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var issued = request.Create(Certificate, from, to, serial);
        var certificatePath = Path.Join(Directory, $"{name}.crt");
        var keyPath = Path.Join(Directory, $"{name}.key");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        var withKey = issued.CopyWithPrivateKey(key);
        return new IssuedCertificate(certificatePath, keyPath, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>Settings that give a silo (or, with <c>Turtle:Client:Tls</c>, a client) this certificate and trust in this CA.</summary>
    public Dictionary<string, string?> Settings(IssuedCertificate certificate, string section = "Turtle:Networking:Tls") => new()
    {
        [$"{section}:CertificatePath"] = certificate.CertificatePath,
        [$"{section}:KeyPath"] = certificate.KeyPath,
        [$"{section}:CaCertificatePath"] = CertificatePath,
    };

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}

/// <summary>An issued certificate: its PEM files and the loaded certificate with its key.</summary>
public sealed record IssuedCertificate(string CertificatePath, string KeyPath, X509Certificate2 Certificate);
