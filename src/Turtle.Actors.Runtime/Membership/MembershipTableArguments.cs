namespace Turtle.Actors.Runtime.Membership;

/// <summary>Rules every <see cref="IMembershipTable"/> provider applies the same way, so the conformance suite can hold them to it.</summary>
public static class MembershipTableArguments
{
    /// <summary>Refuses a write that would not move the version forward: readers order snapshots by it.</summary>
    public static void CheckVersions(TableVersion expectedVersion, TableVersion newVersion)
    {
        if (newVersion.Version <= expectedVersion.Version)
        {
            throw new ArgumentOutOfRangeException(nameof(newVersion), newVersion.Version,
                $"The new table version must be greater than the expected one ({expectedVersion.Version}).");
        }
    }

    /// <summary>
    /// A row cleanup may delete: not Active, and silent since before <paramref name="olderThan"/>. Dead rows are kept
    /// until then too, because a Dead row is what tells a paused silo, when it resumes, that it must stop.
    /// </summary>
    public static bool IsDefunct(MembershipEntry entry, DateTimeOffset olderThan) =>
        entry.Status != SiloMembershipStatus.Active && entry.IAmAliveTime < olderThan;
}
