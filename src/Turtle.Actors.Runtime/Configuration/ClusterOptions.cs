namespace Turtle.Actors.Configuration;

/// <summary>How this silo joins a cluster, bound from the <c>Turtle</c> section (for example <c>Turtle__SiloPort=11112</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Turtle";

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = ClusterDefaults.GatewayPort;

    /// <summary>The address this silo listens on and advertises to others. <value>Default 127.0.0.1.</value></summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port; 0 picks a free port (tests). <value>Default 11111.</value></summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The port clients connect to. <value>Default 30000.</value></summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>The datacenter this silo runs in. <value>Default "dc1".</value></summary>
    public string Dc { get; set; } = "dc1";

    /// <summary><c>active</c> (hosts writable grains) or <c>observer</c>. <value>Default "active".</value></summary>
    public string Role { get; set; } = "active";
}
