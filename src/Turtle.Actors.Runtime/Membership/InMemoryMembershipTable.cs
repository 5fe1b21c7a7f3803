using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// The membership table of one cluster held in this process: for tests, the in-process test cluster (one instance
/// shared by every silo) and the embedded single-silo default. One lock makes every call atomic, which gives the same
/// compare-and-swap semantics the PostgreSQL provider gets from a transaction.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> _rows = [];
    private string? _clusterId;
    private TableVersion _version;
    private long _nextETag;

    public Task InitializeAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        lock (_lock)
        {
            // One instance holds one cluster; silently mixing two would make each see the other's silos.
            if (_clusterId is not null && _clusterId != clusterId)
            {
                throw new InvalidOperationException($"This in-memory membership table holds cluster '{_clusterId}', not '{clusterId}'.");
            }

            if (_clusterId is null)
            {
                _clusterId = clusterId;
                _version = new TableVersion(0, NewETag());
            }
        }

        return Task.CompletedTask;
    }

    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            EnsureInitialized();
            return Task.FromResult(new MembershipSnapshot(_rows.Values.ToArray(), _version));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        MembershipTableArguments.CheckVersions(expectedVersion, newVersion);
        lock (_lock)
        {
            EnsureInitialized();
            if (_version != expectedVersion || _rows.ContainsKey(entry.Address))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Address] = (Copy(entry), NewETag());
            _version = new TableVersion(newVersion.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        MembershipTableArguments.CheckVersions(expectedVersion, newVersion);
        lock (_lock)
        {
            EnsureInitialized();
            if (_version != expectedVersion || !_rows.TryGetValue(entry.Address, out var row) || row.ETag != etag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Address] = (Copy(entry), NewETag());
            _version = new TableVersion(newVersion.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            EnsureInitialized();
            // Keeps the row's etag: a heartbeat is not a membership change and must not make a concurrent vote retry.
            if (_rows.TryGetValue(silo, out var row))
            {
                _rows[silo] = (row.Entry with { IAmAliveTime = time }, row.ETag);
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            EnsureInitialized();
            var defunct = _rows.Values.Where(r => MembershipTableArguments.IsDefunct(r.Entry, olderThan)).Select(r => r.Entry.Address).ToList();
            foreach (var address in defunct)
            {
                _rows.Remove(address);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    private void EnsureInitialized()
    {
        if (_clusterId is null)
        {
            throw new InvalidOperationException("The membership table is not initialized: call InitializeAsync first.");
        }
    }

    private string NewETag() => (++_nextETag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Callers may hold on to the list they passed; the table keeps its own.
    private static MembershipEntry Copy(MembershipEntry entry) => entry with { Suspicions = entry.Suspicions.ToArray() };
}
