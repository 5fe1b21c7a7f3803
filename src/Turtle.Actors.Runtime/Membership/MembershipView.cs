using Microsoft.Extensions.Logging;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// This silo's latest read of the table, what placement, routing and the prober look at. Applying a read raises
/// <see cref="Changed"/> when a silo appeared, vanished or changed status (heartbeats and votes alone do not), and
/// remembers every generation it saw die or vanish, so <see cref="IsDead"/> stays true after cleanup deletes a row.
/// Each death is told to the <see cref="MembershipLease"/> before anyone hears of it, so its takeover delay counts
/// from the moment this silo could first act on it.
/// </summary>
internal sealed class MembershipView(ILogger logger, MembershipLease lease)
{
    private static readonly MembershipSnapshot Empty = new([], new TableVersion(0, ""));

    private readonly Lock _lock = new();
    private readonly HashSet<SiloAddress> _gone = [];
    private Dictionary<SiloAddress, SiloMembershipStatus> _statuses = [];
    private volatile MembershipSnapshot _snapshot = Empty;
    private volatile IReadOnlyList<MembershipEntry> _active = [];
    private volatile IReadOnlyList<SiloAddress> _watchable = [];

    public event Action<MembershipSnapshot>? Changed;

    public MembershipSnapshot Snapshot => _snapshot;

    /// <summary>Active silos that no newer generation replaced, in ring order.</summary>
    public IReadOnlyList<MembershipEntry> ActiveSilos => _active;

    /// <summary>
    /// Silos worth probing: Active ones and ShuttingDown ones (still running, deactivating their grains; one killed
    /// mid-shutdown must still be detected), in ring order.
    /// </summary>
    public IReadOnlyList<SiloAddress> WatchableSilos => _watchable;

    public bool IsDead(SiloAddress silo)
    {
        lock (_lock)
        {
            return _gone.Contains(silo) || _snapshot.IsSuperseded(silo);
        }
    }

    /// <summary>Takes a fresh read unless a newer one was applied already. True when it raised <see cref="Changed"/>.</summary>
    public bool Apply(MembershipSnapshot snapshot)
    {
        lock (_lock)
        {
            // Two reads racing (the periodic refresh and one right after a vote) may finish out of order.
            if (snapshot.Version.Version < _snapshot.Version.Version)
            {
                return false;
            }

            var statuses = snapshot.Entries.ToDictionary(r => r.Entry.Address, r => r.Entry.Status);
            var changed = statuses.Count != _statuses.Count
                || statuses.Any(s => !_statuses.TryGetValue(s.Key, out var before) || before != s.Value);
            var gone = _statuses.Keys.Where(a => !statuses.ContainsKey(a))
                .Concat(statuses.Where(s => s.Value == SiloMembershipStatus.Dead || snapshot.IsSuperseded(s.Key)).Select(s => s.Key));
            foreach (var silo in gone)
            {
                if (_gone.Add(silo))
                {
                    lease.LearnedDead(silo);
                }
            }

            _statuses = statuses;
            _snapshot = snapshot;
            var live = snapshot.Entries.Select(r => r.Entry).Where(e => !_gone.Contains(e.Address)).OrderBy(e => e.Address, SiloRing.AddressOrder).ToList();
            _active = live.Where(e => e.Status == SiloMembershipStatus.Active).ToArray();
            _watchable = live.Where(e => e.Status is SiloMembershipStatus.Active or SiloMembershipStatus.ShuttingDown).Select(e => e.Address).ToArray();
            if (changed)
            {
                // Raised under the lock so subscribers see changes in table-version order.
                Raise(snapshot);
            }

            return changed;
        }
    }

    private void Raise(MembershipSnapshot snapshot)
    {
        try
        {
            Changed?.Invoke(snapshot);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "A membership Changed handler failed");
        }
    }
}
