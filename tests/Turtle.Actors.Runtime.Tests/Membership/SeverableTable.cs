using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>One silo's path to the shared table, which a test can sever: every call then fails as an unreachable database would.</summary>
public sealed class SeverableTable(IMembershipTable inner) : IMembershipTable
{
    public bool Severed { get; set; }

    public async Task InitializeAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        await inner.InitializeAsync(clusterId, cancellationToken);
    }

    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        return await inner.ReadAllAsync(cancellationToken);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        return await inner.InsertRowAsync(entry, expectedVersion, newVersion, cancellationToken);
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        return await inner.UpdateRowAsync(entry, etag, expectedVersion, newVersion, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        await inner.UpdateIAmAliveAsync(silo, time, cancellationToken);
    }

    public async Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        return await inner.CleanupDefunctAsync(olderThan, cancellationToken);
    }

    private void ThrowIfSevered()
    {
        if (Severed)
        {
            throw new IOException("The membership table is out of reach (severed by the test).");
        }
    }
}
