using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// One silo's part in the membership protocol, as in Orleans: it joins the table (<see cref="StartAsync"/>), turns
/// Active (<see cref="BecomeActiveAsync"/>, once it reaches enough of the cluster: <see cref="JoinConnectivity"/>), reads the table every <see cref="ClusterMembershipOptions.TableRefreshInterval"/>,
/// writes I-am-alive, cleans up defunct rows, probes the silos it watches and votes the unreachable ones dead, and
/// leaves gracefully (<see cref="StopAsync"/>). When it reads its own row as Dead (or gone) it stops all of that and
/// calls the <see cref="ISiloTerminator"/>. The pieces live in their own classes; this one composes them and holds the
/// silo's lifecycle.
/// </summary>
public sealed class MembershipService : IClusterMembership, IDisposable, IAsyncDisposable
{
    private readonly string _clusterId;
    private readonly MembershipEntry _template;
    private readonly IMembershipTable _table;
    private readonly TimedProbe _probe;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISiloTerminator _terminator;
    private readonly MembershipView _view;
    private readonly MembershipLease _lease;
    private readonly LocalSiloRow _row;
    private readonly BackgroundWork _work = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PeriodicWork> _chores = [];
    private PeriodicWork? _probing;
    private SiloMonitor? _monitor;
    private SiloAddress _local;
    private volatile bool _joined;
    private volatile bool _leaving;
    private int _terminated;
    private Task? _stop;

    /// <param name="clusterId">The cluster whose table to join (the table is initialized for it on start).</param>
    /// <param name="localSilo">
    /// This silo's row template: address (generation 0 lets the service pick a new one), name, host, DC, role and
    /// gateway port. Its status, times and votes are ignored.
    /// </param>
    /// <param name="table">The shared table (one in-memory instance per in-process cluster, or PostgreSQL).</param>
    /// <param name="prober">Asks a peer whether it is alive (the transport's ping).</param>
    /// <param name="options">Timings, validated by the hosting layer (<c>Turtle:Membership</c>).</param>
    /// <param name="time">Drives every period and timeout, so tests move time by hand.</param>
    /// <param name="loggerFactory">Logs under <c>Turtle.Actors.Membership</c>.</param>
    /// <param name="terminator">Called once if the cluster declares this silo dead; default: kill the process.</param>
    public MembershipService(
        string clusterId, MembershipEntry localSilo, IMembershipTable table, ISiloProber prober, ClusterMembershipOptions options,
        TimeProvider time, ILoggerFactory loggerFactory, ISiloTerminator? terminator = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _clusterId = clusterId;
        _template = localSilo;
        _table = table;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("Turtle.Actors.Membership");
        _probe = new TimedProbe(prober, options.ProbeTimeout, time, _logger);
        _terminator = terminator ?? new ProcessSiloTerminator(loggerFactory.CreateLogger<ProcessSiloTerminator>());
        _lease = new MembershipLease(options, time);
        _view = new MembershipView(_logger, _lease);
        _row = new LocalSiloRow(table, time, _logger);
        _local = localSilo.Address;
    }

    /// <summary>This silo's address; its generation is final once <see cref="StartAsync"/> returned.</summary>
    public SiloAddress LocalSilo => _local;

    public MembershipSnapshot Snapshot => _view.Snapshot;

    public IReadOnlyList<MembershipEntry> ActiveSilos => _view.ActiveSilos;

    public bool IsDead(SiloAddress silo) => _view.IsDead(silo);

    public bool HoldsLease(out string reason) => _lease.IsHeld(out reason);

    /// <summary>How long this silo may still write without reading the table again (zero: it may not now).</summary>
    public TimeSpan LeaseRemaining => _lease.Remaining;

    public TimeSpan TakeoverDelay(SiloAddress silo) => _lease.TakeoverDelay(silo);

    /// <summary>When this silo last read the whole table successfully (readiness uses it: a silo cut off from the table is not ready).</summary>
    public DateTimeOffset? LastTableRead { get; private set; }

    /// <summary>How often the table is read: a read older than a few of these means the table is out of reach.</summary>
    public TimeSpan TableRefreshInterval => _options.TableRefreshInterval;

    public event Action<MembershipSnapshot>? Changed
    {
        add => _view.Changed += value;
        remove => _view.Changed -= value;
    }

    /// <summary>True once the cluster declared this silo dead and it stopped taking part.</summary>
    public bool IsTerminated => Volatile.Read(ref _terminated) == 1;

    /// <summary>Membership work in progress (not counting probes waiting for an answer); tests wait for zero.</summary>
    internal int PendingWork => _work.Count;

    internal Task WhenIdleAsync() => _work.WhenIdleAsync();

    /// <summary>Consecutive probes of <paramref name="silo"/> this silo missed since its last answer or vote.</summary>
    internal int MissesOf(SiloAddress silo) => _monitor?.MissesOf(silo) ?? 0;

    /// <summary>Initializes the table, inserts this silo's row as Joining with a new generation, and starts reading the table.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _table.InitializeAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        var entry = await _row.JoinAsync(_template, cancellationToken).ConfigureAwait(false);
        _local = entry.Address;
        _monitor = new SiloMonitor(_probe, new SuspicionVoter(_table, _local, _options, _time, _logger), _view, _local, _options, _time,
            _work, RefreshAsync, DeclaredDead, _logger);
        _joined = true;
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        StartChore("table refresh", _options.TableRefreshInterval, RefreshAsync);
        StartChore("I-am-alive write", _options.IAmAliveInterval, ct => _table.UpdateIAmAliveAsync(_local, _time.GetUtcNow(), ct));
        StartChore("defunct row cleanup", _options.DefunctSiloCleanupPeriod, CleanupAsync);
    }

    /// <summary>Marks this silo Active (call when it accepts calls) and starts probing the silos it watches.</summary>
    public async Task BecomeActiveAsync(CancellationToken cancellationToken = default)
    {
        if (!_joined)
        {
            throw new InvalidOperationException("Call StartAsync before BecomeActiveAsync.");
        }

        await WaitUntilReachableAsync(cancellationToken).ConfigureAwait(false);
        var status = await _row.AdvanceAsync(_local, SiloMembershipStatus.Active, cancellationToken).ConfigureAwait(false);
        if (status != SiloMembershipStatus.Active)
        {
            var reason = status is null ? "its row is gone from the membership table" : $"its row is {status} in the membership table";
            DeclaredDead(reason);
            throw new InvalidOperationException($"Silo {_local} cannot become active: {reason}.");
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _probing = StartChore("probe round", _options.ProbeInterval, _monitor!.ProbeRoundAsync);
    }

    /// <summary>Stays Joining (hosting nothing, probed by nobody) while the silos this one cannot reach could evict it.</summary>
    private async Task WaitUntilReachableAsync(CancellationToken cancellationToken)
    {
        var connectivity = new JoinConnectivity(_probe, _options, _time);
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = _view.Snapshot;
            var self = snapshot.Find(_local)?.Entry ?? _template with { Address = _local };
            var blockers = await connectivity.BlockersAsync(snapshot, self, cancellationToken).ConfigureAwait(false);
            if (blockers.Count == 0)
            {
                return;
            }

            if (attempt % 10 == 0)
            {
                _logger.LogWarning("Silo {Silo} stays Joining: it cannot reach {Silos}, which could declare it dead; retrying every {Interval}",
                    _local, string.Join(", ", blockers.Select(b => $"{b.SiloName} ({b.Dc})")), _options.ProbeInterval);
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (IsTerminated)
            {
                throw new InvalidOperationException($"Silo {_local} was declared dead while joining.");
            }
        }
    }

    /// <summary>
    /// Stops probing and marks this silo ShuttingDown, so others stop placing grains here while it deactivates its own.
    /// <see cref="StopAsync"/> does this first if it was not called.
    /// </summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken = default)
    {
        StopProbing();
        if (_joined && !IsTerminated)
        {
            await _row.AdvanceAsync(_local, SiloMembershipStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Graceful leave: ShuttingDown, then Dead, then every chore stops. Repeated calls share one stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_chores)
        {
            return _stop ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
            _leaving = true;
            StopChores();
            // An in-flight vote or heartbeat must not land after the Dead row.
            await _work.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_joined && !IsTerminated)
            {
                await _row.AdvanceAsync(_local, SiloMembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
                _view.Apply(await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
                _logger.LogInformation("Silo {Silo} left the cluster", _local);
            }
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Stops every chore at once without writing anything (the row stays as it is, like a killed silo's).</summary>
    public void Dispose()
    {
        // Cancel first: a chore started concurrently then sees the cancellation and never arms its timer.
        _stopping.Cancel();
        StopProbing();
        StopChores();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _work.WhenIdleAsync().ConfigureAwait(false);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // The lease runs from when the read began: the row it returns may be as old as that.
        var started = _time.GetTimestamp();
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        LastTableRead = _time.GetUtcNow();
        if (_joined && snapshot.Find(_local) is { } row && row.Entry.Status != SiloMembershipStatus.Dead && !snapshot.IsSuperseded(_local))
        {
            _lease.Renew(started);
        }

        _view.Apply(snapshot);
        if (!_joined || _leaving)
        {
            return;
        }

        if (snapshot.Find(_local) is not { } self)
        {
            DeclaredDead("its row is gone from the membership table");
        }
        else if (self.Entry.Status == SiloMembershipStatus.Dead)
        {
            DeclaredDead($"the membership table says it is Dead (suspected by {string.Join(", ", self.Entry.Suspicions.Select(v => $"{v.Voter} at {v.Time:O}"))})");
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var removed = await _table.CleanupDefunctAsync(_time.GetUtcNow() - _options.DefunctSiloExpiration, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            _logger.LogInformation("Silo {Silo} removed {Count} defunct rows from the membership table", _local, removed);
        }
    }

    /// <summary>The cluster no longer counts this silo: stop every chore (without writing anything) and terminate, once.</summary>
    private void DeclaredDead(string reason)
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 1)
        {
            return;
        }

        _logger.LogCritical("Silo {Silo} was declared dead: {Reason}", _local, reason);
        Dispose();
        _terminator.Terminate(_local, reason);
    }

    private PeriodicWork StartChore(string name, TimeSpan period, Func<CancellationToken, Task> work)
    {
        var chore = new PeriodicWork(name, period, work, _time, _work, _logger, _stopping.Token);
        lock (_chores)
        {
            if (_stopping.IsCancellationRequested)
            {
                return chore;
            }

            _chores.Add(chore);
        }

        chore.Start();
        return chore;
    }

    private void StopProbing()
    {
        _monitor?.Stop();
        _probing?.Dispose();
    }

    private void StopChores()
    {
        lock (_chores)
        {
            foreach (var chore in _chores)
            {
                chore.Dispose();
            }
        }
    }
}
