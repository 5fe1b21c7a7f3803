using Microsoft.Extensions.Options;
using Turtle.Dashboard;
using Turtle.Silo.Replication;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>The dashboard's view of this silo's part in failover: its write right, and its replicas' lag when it keeps them.</summary>
internal sealed class SiloFailoverView(SiloAuthority authority, FailoverClock clock, IOptions<FailoverOptions> options, ReplicationLag lag, IServiceProvider services)
    : IFailoverSiloView
{
    public bool Enabled => options.Value.Enabled;

    public SiloWriteRight ThisSilo()
    {
        var canWrite = authority.CanWrite(clock.Now, out var reason);
        return new SiloWriteRight(authority.Dc, authority.IsObserver, canWrite, canWrite ? null : reason);
    }

    public ReplicaLag? Replication()
    {
        if (!services.KeepsReplicas())
        {
            return null;
        }

        var figures = lag.Figures();
        return new ReplicaLag(figures.Changes, figures.P50Ms, figures.P99Ms, lag.LastApplied);
    }
}
