namespace Turtle.Actors.Messaging;

/// <summary>A gateway clients can connect to.</summary>
public sealed record GatewayEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>What a client learns from a gateway: where the other gateways are, and which grain type serves each interface.</summary>
public sealed class ClusterManifest
{
    public List<GatewayEndpoint> Gateways { get; set; } = [];

    /// <summary>Interface id (see <c>InterfaceIds</c>) to grain type name.</summary>
    public Dictionary<int, string> GrainTypes { get; set; } = [];
}

/// <summary>
/// A system target every silo with a gateway hosts, pinned locally under <see cref="ClusterManifestProvider.Id"/>: clients call it on
/// connect and periodically to learn the gateway list and the grain type map.
/// </summary>
public interface IClusterManifestProvider : IGrainWithStringKey
{
    Task<ClusterManifest> GetManifest();
}

public static class ClusterManifestProvider
{
    /// <summary>The same id on every silo; calls to it are always answered by the silo that receives them.</summary>
    public static readonly GrainId Id = new("sys.manifest", "local");
}
