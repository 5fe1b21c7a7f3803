namespace Turtle.Dashboard;

/// <summary>
/// What the failover page can learn of the silo it runs in, beyond the judge's status: whether the policy runs, this
/// silo's right to write, and (at an observer) how far its replicas trail the twins. A standalone dashboard (a client)
/// has none, and the page shows the judge's status alone.
/// </summary>
public interface IFailoverSiloView
{
    bool Enabled { get; }

    SiloWriteRight ThisSilo();

    /// <summary>Replication lag at this silo, or null when it keeps no replicas.</summary>
    ReplicaLag? Replication();
}

/// <summary>The silo's DC and role, whether it takes writes now, and why not.</summary>
public sealed record SiloWriteRight(string Dc, bool Observer, bool CanWrite, string? Reason);

/// <summary>How far an observer's replicas trail the twins over the recent changes (milliseconds).</summary>
public sealed record ReplicaLag(int Changes, double? P50Ms, double? P99Ms, DateTimeOffset? LastApplied);
