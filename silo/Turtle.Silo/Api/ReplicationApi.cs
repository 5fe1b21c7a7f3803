using Turtle.Silo.Replication;

namespace Turtle.Silo.Api;

/// <summary><c>GET /api/v1/replication</c>: whether this silo answers from replicas, how many it holds, and how far they trail the twins.</summary>
public static class ReplicationApi
{
    public static IEndpointRouteBuilder MapReplicationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/replication", GetReplication)
            .WithTags("Failover")
            .WithName("GetReplication")
            .WithSummary("Replica counts and replication lag (an observer silo answers reads from its replicas)");
        return endpoints;
    }

    public static ReplicationView GetReplication(IServiceProvider services, ReplicationLag lag)
    {
        var replicas = services.GetService<ReplicaSet>();
        return new ReplicationView(replicas is not null, replicas?.Counts, lag.Figures(), lag.Applied, lag.LastApplied, lag.LastFullSync);
    }
}

/// <summary>What <c>GET /api/v1/replication</c> answers; lag in milliseconds over the most recent changes.</summary>
public sealed record ReplicationView(
    bool Enabled, ReplicaCounts? Replicas, LagFigures Lag, long ChangesApplied, DateTimeOffset? LastApplied, DateTimeOffset? LastFullSync);
