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

    /// <summary>
    /// TLS for every connection when set (any key under <c>Turtle:Networking:Tls</c>): mutual by default, and plaintext peers are
    /// refused unless <see cref="TransportTlsOptions.Required"/> is false. <value>Default null: plaintext.</value>
    /// </summary>
    public TransportTlsOptions? Tls { get; set; }
}
