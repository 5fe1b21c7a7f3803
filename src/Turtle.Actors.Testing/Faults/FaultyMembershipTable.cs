using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Testing.Faults;

/// <summary>
/// One silo's view of the shared membership table behind <see cref="TransportFaults"/>: the table lives in the
/// store (PostgreSQL in production), so a silo cut from storage cannot read or write it either, a paused silo's
/// calls wait, and a killed incarnation's calls fail.
/// </summary>
public sealed class FaultyMembershipTable(IMembershipTable inner, TransportFaults faults, string silo, Func<bool>? isDead = null) : IMembershipTable
{
    public async Task InitializeAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        await inner.InitializeAsync(clusterId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await inner.ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await inner.InsertRowAsync(entry, expectedVersion, newVersion, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await inner.UpdateRowAsync(entry, etag, expectedVersion, newVersion, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        await inner.UpdateIAmAliveAsync(address, time, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await inner.CleanupDefunctAsync(olderThan, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask BeforeAsync(CancellationToken cancellationToken)
    {
        await faults.BeforeStorageAsync(silo, cancellationToken).ConfigureAwait(false);
        if (isDead?.Invoke() == true)
        {
            throw new StorageUnreachableException($"{silo} was killed: its connection to the membership table is gone.");
        }
    }
}
