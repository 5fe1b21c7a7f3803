using Turtle.Actors.Runtime.Diagnostics;
using Turtle.Actors.Runtime.Membership;
using Turtle.Dashboard;

namespace Turtle.Silo.Twin;

/// <summary>The dashboard's view of the cluster from inside a silo: membership as this silo reads it, its own activations and calls.</summary>
internal sealed class SiloClusterView(IClusterMembership membership, Actors.Runtime.Silo silo, GrainCallStatistics calls) : IClusterView
{
    public string? LocalSilo => silo.Name;

    public IReadOnlyList<SiloView> Silos => membership.Snapshot.Entries
        .Select(row => row.Entry)
        .OrderBy(e => e.Dc, StringComparer.Ordinal).ThenBy(e => e.SiloName, StringComparer.Ordinal)
        .Select(e => new SiloView(e.SiloName, e.Address.ToString(), e.Dc, e.Role, e.Status.ToString(), e.StartTime, e.IAmAliveTime, e.Suspicions.Count))
        .ToList();

    public IReadOnlyDictionary<string, int> LocalActivations() => silo.ActivationsByType();

    public IDisposable? WatchCalls() => calls.Watch();

    public IReadOnlyList<MethodCalls> CallTotals() =>
        calls.Snapshot().Select(c => new MethodCalls(c.Interface, c.Method, c.Calls, c.Failures, c.TotalMilliseconds, c.MaxMilliseconds)).ToList();
}
