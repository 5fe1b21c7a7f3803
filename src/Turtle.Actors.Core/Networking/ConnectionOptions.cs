namespace Turtle.Actors.Configuration;

/// <summary>Transport settings, bound from <c>Turtle:Networking</c>.</summary>
public sealed class ConnectionOptions
{
    public const string SectionName = "Turtle:Networking";

    /// <summary>Largest frame accepted; a bigger one closes the connection. <value>Default 16 MiB.</value></summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Messages queued for sending before senders wait (back-pressure). <value>Default 65,536.</value></summary>
    public int SendQueueCapacity { get; set; } = 65_536;

    /// <summary>Time to open a connection and exchange handshakes. <value>Default 5 seconds.</value></summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A connection that received nothing this long sends a ping. <value>Default 2 seconds.</value></summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A connection that received nothing (not even a pong) this long is closed as half-open. <value>Default 10 seconds.</value></summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS for every connection when set; then plaintext peers are refused. <value>Default null: plaintext.</value></summary>
    public TransportTlsOptions? Tls { get; set; }
}

/// <summary>TLS settings for silo-to-silo and client-to-gateway connections, bound from <c>Turtle:Networking:Tls</c>.</summary>
public sealed class TransportTlsOptions
{
    /// <summary>A PKCS#12 (.pfx) file with this process's certificate and private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate itself, for hosts that load it another way (takes precedence over the path).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// SHA-256 thumbprints of peer certificates to accept (pinning, for a private CA or self-signed certificates).
    /// Empty: the platform's trust store decides.
    /// </summary>
    public List<string> TrustedThumbprints { get; set; } = [];

    public override string ToString() => $"TLS(certificate: {CertificatePath ?? Certificate?.Subject ?? "none"}, password: ***, pinned: {TrustedThumbprints.Count})";
}
