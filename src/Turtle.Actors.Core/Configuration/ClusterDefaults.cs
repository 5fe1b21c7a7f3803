namespace Turtle.Actors.Configuration;

/// <summary>Defaults silos and clients must agree on.</summary>
public static class ClusterDefaults
{
    /// <summary>The cluster id used when none is configured.</summary>
    public const string ClusterId = "turtle";

    /// <summary>The port clients connect to.</summary>
    public const int GatewayPort = 30000;
}
