using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>Look-ups on a table read that the protocol's pieces share.</summary>
public static class MembershipSnapshotExtensions
{
    /// <summary>The row of exactly this silo generation, if the table has one.</summary>
    public static (MembershipEntry Entry, string ETag)? Find(this MembershipSnapshot snapshot, SiloAddress silo)
    {
        foreach (var row in snapshot.Entries)
        {
            if (row.Entry.Address == silo)
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>True when the table holds a newer generation of <paramref name="silo"/>'s host and port (it restarted).</summary>
    public static bool IsSuperseded(this MembershipSnapshot snapshot, SiloAddress silo)
    {
        foreach (var row in snapshot.Entries)
        {
            if (SiloGeneration.SameEndpoint(row.Entry.Address, silo) && row.Entry.Address.Generation > silo.Generation)
            {
                return true;
            }
        }

        return false;
    }
}
