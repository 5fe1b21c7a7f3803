using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>A silo's state in the membership table, as in Orleans' clustering tables.</summary>
public enum SiloMembershipStatus
{
    /// <summary>Starting: written before the silo accepts calls.</summary>
    Joining,

    /// <summary>Accepting calls; may host grains (subject to its role).</summary>
    Active,

    /// <summary>Leaving gracefully: deactivating its grains.</summary>
    ShuttingDown,

    /// <summary>Declared dead (by its own shutdown or by enough suspicion votes). Final for this generation.</summary>
    Dead,
}

/// <summary>One vote that a silo is unreachable, by <paramref name="Voter"/> at <paramref name="Time"/>. Votes expire.</summary>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset Time);

/// <summary>One row of the membership table: one silo generation.</summary>
public sealed record MembershipEntry
{
    public required SiloAddress Address { get; init; }

    public required string SiloName { get; init; }

    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>The datacenter the silo runs in, for example <c>dc1</c>.</summary>
    public string Dc { get; init; } = "dc1";

    /// <summary><c>active</c> or <c>observer</c>.</summary>
    public string Role { get; init; } = "active";

    public required SiloMembershipStatus Status { get; init; }

    /// <summary>The port clients connect to; 0 when the silo has no gateway.</summary>
    public int GatewayPort { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Written periodically by the silo itself; a diagnostic and the input of defunct-row cleanup.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    public IReadOnlyList<SuspicionVote> Suspicions { get; init; } = [];
}

/// <summary>
/// The table version: every membership change increments it, and writes present the version they read
/// (compare-and-swap), so two silos changing membership concurrently cannot both succeed on stale views.
/// </summary>
public readonly record struct TableVersion(long Version, string ETag)
{
    public TableVersion Next() => new(Version + 1, ETag);
}

/// <summary>A consistent read of the whole table: every row with its etag, and the table version.</summary>
public sealed record MembershipSnapshot(IReadOnlyList<(MembershipEntry Entry, string ETag)> Entries, TableVersion Version);
