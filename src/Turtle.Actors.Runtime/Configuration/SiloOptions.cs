namespace Turtle.Actors.Configuration;

/// <summary>Who this silo is, bound from the <c>Turtle</c> section (for example <c>Turtle__SiloName=dc1-a</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Turtle";

    public const string DefaultClusterId = ClusterDefaults.ClusterId;

    /// <summary>The cluster this silo belongs to. <value>Default "turtle".</value></summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>This silo's name in logs and membership. <value>Default: the machine name.</value></summary>
    public string SiloName { get; set; } = Environment.MachineName;
}
