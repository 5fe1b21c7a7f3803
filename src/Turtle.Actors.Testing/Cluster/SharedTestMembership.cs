using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Testing.Cluster;

/// <summary>
/// Membership for silos sharing one process: the test cluster records joins, leaves and kills directly, and every
/// silo's view changes at once. There is no failure detection to wait for; the cluster knows whom it killed.
/// </summary>
internal sealed class SharedTestMembership
{
    private readonly Lock _lock = new();
    private readonly List<MembershipEntry> _entries = [];
    private readonly List<SiloView> _views = [];
    private long _version;

    public MembershipSnapshot Snapshot
    {
        get
        {
            lock (_lock)
            {
                return new MembershipSnapshot(_entries.Select(e => (e, _version.ToString())).ToList(), new TableVersion(_version, _version.ToString()));
            }
        }
    }

    public IClusterMembership ViewFor(SiloAddress silo, int gatewayPort)
    {
        var view = new SiloView(this, silo, gatewayPort);
        lock (_lock)
        {
            _views.Add(view);
        }

        return view;
    }

    /// <summary>Stops telling <paramref name="silo"/> about changes: a killed silo hears nothing more.</summary>
    public void Detach(SiloAddress silo)
    {
        lock (_lock)
        {
            _views.RemoveAll(v => v.LocalSilo == silo);
        }
    }

    public void Set(SiloAddress silo, SiloMembershipStatus status, int gatewayPort = 0, string dc = "dc1", string role = "active")
    {
        List<SiloView> views;
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            var existing = _entries.FindIndex(e => e.Address == silo);
            var entry = new MembershipEntry
            {
                Address = silo, SiloName = $"silo-{silo.Port}", Dc = dc, Role = role, Status = status,
                GatewayPort = existing >= 0 && gatewayPort == 0 ? _entries[existing].GatewayPort : gatewayPort,
                StartTime = existing >= 0 ? _entries[existing].StartTime : now, IAmAliveTime = now,
            };
            if (existing >= 0)
            {
                _entries[existing] = entry;
            }
            else
            {
                _entries.Add(entry);
            }

            _version++;
            views = _views.ToList();
        }

        var snapshot = Snapshot;
        foreach (var view in views)
        {
            view.Raise(snapshot);
        }
    }

    private sealed class SiloView(SharedTestMembership owner, SiloAddress local, int gatewayPort) : IClusterMembership, ISiloLifecycleParticipant
    {
        public SiloAddress LocalSilo => local;

        public MembershipSnapshot Snapshot => owner.Snapshot;

        public IReadOnlyList<MembershipEntry> ActiveSilos =>
            owner.Snapshot.Entries.Select(e => e.Entry).Where(e => e.Status == SiloMembershipStatus.Active).ToList();

        public bool IsDead(SiloAddress silo) => owner.Snapshot.Entries.Any(e => e.Entry.Address == silo && e.Entry.Status == SiloMembershipStatus.Dead);

        public event Action<MembershipSnapshot>? Changed;

        public void Raise(MembershipSnapshot snapshot) => Changed?.Invoke(snapshot);

        public Task OnStartAsync(CancellationToken cancellationToken)
        {
            owner.Set(local, SiloMembershipStatus.Joining, gatewayPort);
            return Task.CompletedTask;
        }

        public Task OnActiveAsync(CancellationToken cancellationToken)
        {
            owner.Set(local, SiloMembershipStatus.Active);
            return Task.CompletedTask;
        }

        public Task OnShuttingDownAsync(CancellationToken cancellationToken)
        {
            owner.Set(local, SiloMembershipStatus.ShuttingDown);
            return Task.CompletedTask;
        }

        public Task OnStoppedAsync(CancellationToken cancellationToken)
        {
            owner.Set(local, SiloMembershipStatus.Dead);
            return Task.CompletedTask;
        }
    }
}
