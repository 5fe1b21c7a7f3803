using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Where a cluster keeps its membership (in memory for one process; PostgreSQL across machines). Every provider
/// passes the shared conformance suite. Mirrors Orleans' <c>IMembershipTable</c>: row writes carry the row's etag
/// and the table version they read; a write succeeds only if both still match, and it bumps the version.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the table (and its version row) for <paramref name="clusterId"/> if missing. Idempotent and safe to race.</summary>
    Task InitializeAsync(string clusterId, CancellationToken cancellationToken = default);

    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a row for a new silo generation if the table version is still <paramref name="expectedVersion"/>.Version and no row has that address; sets the version to <paramref name="newVersion"/>.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row if its etag is still <paramref name="etag"/> and the table version still <paramref name="expectedVersion"/>; sets the version to <paramref name="newVersion"/>.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default);

    /// <summary>Writes the silo's I-am-alive time. Not a membership change: no etag or version check, no version bump.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Deletes Dead rows, and rows whose I-am-alive time is older than <paramref name="olderThan"/>, that are not Active.</summary>
    Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
