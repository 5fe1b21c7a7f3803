namespace Turtle.Silo.Replication;

/// <summary>Read-only replicas of the twins, bound from <c>Turtle:Replication</c>; an observer silo keeps them by default.</summary>
public sealed class ReplicationOptions
{
    public const string SectionName = "Turtle:Replication";

    /// <summary>Keep replicas and serve reads from them. <value>Default: on for an observer silo, off for an active one.</value></summary>
    public bool? Enabled { get; set; }

    /// <summary>How often changed replicas are written to <c>replicas.json</c> under the data directory. <value>Default 5 seconds.</value></summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every twin's version is compared with its replica's, catching what the feed dropped. <value>Default 30 seconds.</value></summary>
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest time between two refreshes of one host's process replicas. <value>Default 15 seconds.</value></summary>
    public TimeSpan ProcessRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
