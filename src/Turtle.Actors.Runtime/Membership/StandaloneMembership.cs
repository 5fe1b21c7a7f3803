using Turtle.Actors.Hosting;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>The membership of a silo that runs alone: just itself, with the silo's own status.</summary>
internal sealed class StandaloneMembership : IClusterMembership, ISiloLifecycleParticipant
{
    private readonly LocalSiloAddress _local;
    private readonly string _siloName;
    private readonly string _dc;
    private readonly string _role;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private SiloMembershipStatus _status = SiloMembershipStatus.Joining;
    private long _version;

    public StandaloneMembership(LocalSiloAddress local, string siloName, string dc, string role, TimeProvider time)
    {
        _local = local;
        _siloName = siloName;
        _dc = dc;
        _role = role;
        _time = time;
        _started = time.GetUtcNow();
    }

    public SiloAddress LocalSilo => _local.Address;

    public MembershipSnapshot Snapshot
    {
        get
        {
            var entry = new MembershipEntry
            {
                Address = _local.Address, SiloName = _siloName, Dc = _dc, Role = _role, Status = _status,
                StartTime = _started, IAmAliveTime = _time.GetUtcNow(),
            };
            var version = Interlocked.Read(ref _version);
            return new MembershipSnapshot([(entry, version.ToString(System.Globalization.CultureInfo.InvariantCulture))], new TableVersion(version, string.Empty));
        }
    }

    public IReadOnlyList<MembershipEntry> ActiveSilos => Snapshot.Entries.Select(e => e.Entry).Where(e => e.Status == SiloMembershipStatus.Active).ToList();

    public bool IsDead(SiloAddress silo) => false;

    public event Action<MembershipSnapshot>? Changed;

    public Task OnActiveAsync(CancellationToken cancellationToken) => Set(SiloMembershipStatus.Active);

    public Task OnShuttingDownAsync(CancellationToken cancellationToken) => Set(SiloMembershipStatus.ShuttingDown);

    public Task OnStoppedAsync(CancellationToken cancellationToken) => Set(SiloMembershipStatus.Dead);

    private Task Set(SiloMembershipStatus status)
    {
        _status = status;
        Interlocked.Increment(ref _version);
        Changed?.Invoke(Snapshot);
        return Task.CompletedTask;
    }
}
