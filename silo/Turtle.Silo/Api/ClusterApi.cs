using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Silo.Api;

/// <summary><c>/api/v1/cluster</c>: what this silo knows of the cluster's membership.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/cluster").WithTags("Cluster");
        group.MapGet("/silos", GetSilos).WithName("GetSilos");
        return endpoints;
    }

    /// <summary>Every silo in the membership table as this silo last read it, newest first.</summary>
    public static Ok<SiloDto[]> GetSilos(IClusterMembership membership) =>
        TypedResults.Ok(membership.Snapshot.Entries
            .Select(row => row.Entry)
            .OrderByDescending(e => e.StartTime)
            .Select(SiloDto.From)
            .ToArray());
}

/// <summary>One silo as the API shows it.</summary>
public sealed record SiloDto(string Name, string Address, string Dc, string Role, string Status, int GatewayPort, DateTimeOffset StartTime, DateTimeOffset LastHeartbeat, int SuspicionVotes)
{
    public static SiloDto From(MembershipEntry entry) => new(
        entry.SiloName,
        entry.Address.ToString(),
        entry.Dc,
        entry.Role,
        entry.Status.ToString(),
        entry.GatewayPort,
        entry.StartTime,
        entry.IAmAliveTime,
        entry.Suspicions.Count);
}
