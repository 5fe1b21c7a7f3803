using System.Security.Cryptography.X509Certificates;

namespace Turtle.Actors.Configuration;

/// <summary>
/// TLS settings for silo-to-silo and client-to-gateway connections, bound from <c>Turtle:Networking:Tls</c> on silos and
/// <c>Turtle:Client:Tls</c> on clients. Every connection is TLS 1.2 or 1.3; each side checks the other's certificate
/// against <see cref="CaCertificatePath"/> (a private CA, never the system store) and/or <see cref="TrustedThumbprints"/>.
/// </summary>
public sealed class TransportTlsOptions
{
    /// <summary>
    /// This process's certificate: a PKCS#12 file (.pfx/.p12, with its key) or a PEM file (<c>-----BEGIN CERTIFICATE-----</c>,
    /// optionally followed by intermediate CA certificates, which are sent to peers). Required on silos.
    /// <value>Default null.</value>
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// The PEM private key of a PEM <see cref="CertificatePath"/> (PKCS#8, RSA or EC; encrypted ones need
    /// <see cref="CertificatePassword"/>). <value>Default null: the key is read from <see cref="CertificatePath"/> itself.</value>
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificatePath"/> or an encrypted PEM key; never logged. <value>Default null.</value></summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate itself, for hosts that load it another way (takes precedence over the path). <value>Default null.</value></summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// PEM file with the CA certificate(s) that peers' certificates must chain to. The chain is built against these alone
    /// (custom trust store): a certificate from a public CA or from another private CA is refused. Peers' host names are not
    /// checked (silos are addressed by IP), so this CA must issue certificates only to this cluster's silos and clients.
    /// <value>Default null: no CA; then <see cref="TrustedThumbprints"/> decide, or, if those are empty too, the system trust store with host-name checks.</value>
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// SHA-256 thumbprints (hex, colons allowed) of peer certificates to accept: pinning, for self-signed certificates.
    /// With <see cref="CaCertificatePath"/> as well, a peer must pass both. <value>Default empty.</value>
    /// </summary>
    public List<string> TrustedThumbprints { get; set; } = [];

    /// <summary>
    /// The accepting side demands a certificate from the connecting side and checks it like the connecting side checks
    /// the server's (mutual TLS). False: the accepting side asks for no certificate, so connecting clients are not
    /// authenticated by TLS (they still check the server's); for clients that cannot hold a key.
    /// <value>Default true.</value>
    /// </summary>
    public bool RequireClientCertificate { get; set; } = true;

    /// <summary>
    /// Refuse plaintext connections: a connection whose first bytes are not a TLS ClientHello is closed (and logged once per
    /// peer address). False accepts plaintext peers too, for moving clients to TLS one at a time; outgoing connections
    /// are TLS either way and never fall back. <value>Default true.</value>
    /// </summary>
    public bool Required { get; set; } = true;

    public override string ToString() =>
        $"TLS(certificate: {CertificatePath ?? Certificate?.Subject ?? "none"}, key: {KeyPath ?? "in certificate file"}, password: ***, " +
        $"ca: {CaCertificatePath ?? "none"}, pinned: {TrustedThumbprints.Count}, mutual: {RequireClientCertificate}, required: {Required})";
}
