using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;
using Turtle.Actors.Reminders;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;

namespace Turtle.Actors.Runtime.Reminders;

/// <summary>
/// Fires the reminders this silo owns. Ownership is rendezvous hashing of the grain id over the active silos, so
/// every silo computes the same owner and each reminder fires once; when membership changes, ownership moves and the
/// new owner picks the reminder up at once. Each tick is a grain call to <see cref="IRemindable.ReceiveReminder"/>,
/// which activates the grain wherever it belongs.
/// </summary>
internal sealed class ReminderService(
    IReminderTable table,
    IClusterMembership membership,
    IGrainFactory grainFactory,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderService> logger) : ISiloLifecycleParticipant
{
    private readonly RendezvousPlacementDirector _ownership = new();
    private readonly Dictionary<(GrainId, string), Scheduled> _scheduled = new();
    private readonly Lock _lock = new();
    private ITimer? _refreshTimer;
    private volatile bool _running;

    /// <summary>Reminders this silo currently owns and has scheduled.</summary>
    public int ScheduledCount
    {
        get
        {
            lock (_lock)
            {
                return _scheduled.Count;
            }
        }
    }

    public async Task OnActiveAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _running = true;
        membership.Changed += OnMembershipChanged;
        await RefreshAsync().ConfigureAwait(false);
        _refreshTimer = time.CreateTimer(_ => _ = RefreshAsync(), null, options.Value.RefreshPeriod, options.Value.RefreshPeriod);
    }

    public Task OnShuttingDownAsync(CancellationToken cancellationToken)
    {
        _running = false;
        membership.Changed -= OnMembershipChanged;
        _refreshTimer?.Dispose();
        lock (_lock)
        {
            foreach (var scheduled in _scheduled.Values)
            {
                scheduled.Timer.Dispose();
            }

            _scheduled.Clear();
        }

        return Task.CompletedTask;
    }

    public void OnRegistered(ReminderEntry entry)
    {
        if (_running && Owns(entry.GrainId))
        {
            Schedule(entry);
        }
    }

    public void OnUnregistered(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            if (_scheduled.Remove((grainId, reminderName), out var scheduled))
            {
                scheduled.Timer.Dispose();
            }
        }
    }

    private void OnMembershipChanged(MembershipSnapshot snapshot) => _ = RefreshAsync();

    /// <summary>Schedules the owned reminders from the table and drops those no longer owned or no longer there.</summary>
    public async Task RefreshAsync()
    {
        if (!_running)
        {
            return;
        }

        IReadOnlyList<ReminderEntry> all;
        try
        {
            all = await table.ReadAllAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Reading the reminder table failed; reminders keep their current schedule");
            return;
        }

        var owned = all.Where(e => Owns(e.GrainId)).ToDictionary(e => (e.GrainId, e.ReminderName));
        List<Scheduled> stale;
        lock (_lock)
        {
            stale = _scheduled.Where(s => !owned.TryGetValue(s.Key, out var entry) || entry.ETag != s.Value.Entry.ETag).Select(s => s.Value).ToList();
            foreach (var scheduled in stale)
            {
                scheduled.Timer.Dispose();
                _scheduled.Remove((scheduled.Entry.GrainId, scheduled.Entry.ReminderName));
            }
        }

        foreach (var entry in owned.Values)
        {
            bool known;
            lock (_lock)
            {
                known = _scheduled.ContainsKey((entry.GrainId, entry.ReminderName));
            }

            if (!known)
            {
                Schedule(entry);
            }
        }
    }

    private bool Owns(GrainId grainId)
    {
        var silos = membership.ActiveSilos.Where(s => string.Equals(s.Role, ActiveRolePlacementFilter.ActiveRole, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Address).ToList();
        return silos.Count == 0 || _ownership.Place(grainId, silos) == membership.LocalSilo;
    }

    private void Schedule(ReminderEntry entry, DateTimeOffset? after = null)
    {
        // The next tick after the previous one, but never one already past: ticks missed while no silo owned the
        // reminder are not fired in a burst.
        var now = time.GetUtcNow();
        var from = after is { } previous && previous + TimeSpan.FromTicks(1) > now ? previous + TimeSpan.FromTicks(1) : now;
        var tick = entry.NextTickAt(from);
        var scheduled = new Scheduled(entry, tick);
        scheduled.Timer = time.CreateTimer(_ => Fire(scheduled), null, Max(tick - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            if (_scheduled.Remove((entry.GrainId, entry.ReminderName), out var replaced))
            {
                replaced.Timer.Dispose();
            }

            _scheduled[(entry.GrainId, entry.ReminderName)] = scheduled;
        }
    }

    private void Fire(Scheduled scheduled)
    {
        lock (_lock)
        {
            // Replaced or dropped since this timer was armed.
            if (!_scheduled.TryGetValue((scheduled.Entry.GrainId, scheduled.Entry.ReminderName), out var current) || !ReferenceEquals(current, scheduled))
            {
                return;
            }

            // The next tick is armed before this one is delivered, so a slow grain never shifts the schedule; under the
            // lock, so an unregistration cannot slip between the check above and the re-arming.
            Schedule(scheduled.Entry, after: scheduled.TickAt);
        }

        _ = DeliverAsync(scheduled);
    }

    private async Task DeliverAsync(Scheduled scheduled)
    {
        var entry = scheduled.Entry;
        try
        {
            await grainFactory.GetGrain<IRemindable>(entry.GrainId)
                .ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, scheduled.TickAt)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Reminder {Reminder} of {GrainId} failed at its tick {Tick}", entry.ReminderName, entry.GrainId, scheduled.TickAt);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Scheduled(ReminderEntry entry, DateTimeOffset tickAt)
    {
        public ReminderEntry Entry { get; } = entry;

        public DateTimeOffset TickAt { get; } = tickAt;

        public ITimer Timer { get; set; } = null!;
    }
}
