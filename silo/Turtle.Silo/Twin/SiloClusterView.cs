using Turtle.Actors.Runtime.Membership;
using Turtle.Dashboard;

namespace Turtle.Silo.Twin;

/// <summary>The dashboard's view of the cluster from inside a silo: membership as this silo reads it, and its own activations.</summary>
internal sealed class SiloClusterView(IClusterMembership membership, Actors.Runtime.Silo silo) : IClusterView
{
    public string? LocalSilo => silo.Name;

    public IReadOnlyList<SiloView> Silos => membership.Snapshot.Entries
        .Select(row => row.Entry)
        .OrderBy(e => e.Dc, StringComparer.Ordinal).ThenBy(e => e.SiloName, StringComparer.Ordinal)
        .Select(e => new SiloView(e.SiloName, e.Address.ToString(), e.Dc, e.Role, e.Status.ToString(), e.StartTime, e.IAmAliveTime, e.Suspicions.Count))
        .ToList();

    public IReadOnlyDictionary<string, int> LocalActivations() => silo.ActivationsByType();
}
