using Turtle.Actors.Runtime.Membership;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>The silos that may take writes now (by the failover status this silo follows): what a refused writer is told to use.</summary>
public sealed class ActiveGateways(IClusterMembership membership, SiloAuthority authority)
{
    public IReadOnlyList<ActiveGateway> List() => membership.ActiveSilos
        .Where(s => authority.Status.MayHost(s.Dc, FailoverPlacementFilter.IsObserver(s)))
        .OrderBy(s => s.Dc, StringComparer.Ordinal).ThenBy(s => s.SiloName, StringComparer.Ordinal)
        .Select(s => new ActiveGateway(s.SiloName, s.Dc, s.GatewayPort > 0 ? $"{s.Address.Host}:{s.GatewayPort}" : null))
        .ToList();

    public string Describe()
    {
        var list = List();
        return list.Count == 0 ? "none is known to this silo" : string.Join(", ", list.Select(g => $"{g.Silo} ({g.Dc}{(g.Gateway is null ? "" : ", gateway " + g.Gateway)})"));
    }
}

/// <summary>A silo that takes writes: its name, DC and client gateway (host:port).</summary>
public sealed record ActiveGateway(string Silo, string Dc, string? Gateway);
