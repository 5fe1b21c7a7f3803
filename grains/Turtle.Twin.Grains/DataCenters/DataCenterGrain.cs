using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Timers;
using Turtle.Twin.Changes;
using Turtle.Twin.Twins;

namespace Turtle.Twin.DataCenters;

/// <summary>What a DC grain persists: the last summary of each of its hosts and links.</summary>
public sealed class DataCenterState
{
    public long Version { get; set; }

    public Dictionary<string, HostSummary> Hosts { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, LinkSummary> Links { get; set; } = new(StringComparer.Ordinal);

    public bool ContactReminder { get; set; }
}

/// <summary>
/// The twin of a DC: aggregates the summaries its hosts and links report with every observation. Changes are
/// announced at most once per second (a DC of thousands of hosts changes all the time). Its state is written from
/// the same tick: within a second when a host or link joined or changed health or status, else at most every
/// <see cref="TwinOptions.QuietWriteInterval"/>; what a crash loses is re-reported by the hosts within an interval.
/// A durable reminder brings the DC back after a silo restart, and its activation asks every host still in contact
/// to check, so silent hosts turn Lost contact.
/// </summary>
public sealed class DataCenterGrain(
    [PersistentState("dc")] IPersistentState<DataCenterState> state,
    IOptions<TwinOptions> options,
    TimeProvider time,
    ILogger<DataCenterGrain> logger) : Grain, IDataCenterGrain, IRemindable
{
    private const string ContactReminder = "contact";
    private static readonly TimeSpan AnnounceEvery = TimeSpan.FromSeconds(1);

    private readonly QuietWrites _writes = new(time, options.Value.QuietWriteInterval);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private IGrainTimer? _announcer;
    private bool _importantPending;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var host in state.State.Hosts.Values.Where(h => h.Health != HealthStatus.LostContact))
        {
            _ = GrainFactory.GetGrain<IHostGrain>(host.Key).CheckContact();
        }

        return Task.CompletedTask;
    }

    public async Task ReportHost(HostSummary host)
    {
        var before = state.State.Hosts.GetValueOrDefault(host.Key);
        if (before is not null && host.LastSeen < before.LastSeen)
        {
            return;
        }

        state.State.Hosts[host.Key] = host;
        var important = before is null || before.Health != host.Health;
        _changed.Add(before is null ? "hosts" : important ? "healthCounts" : "metrics");
        await ChangedAsync(important);
    }

    public async Task ReportLink(LinkSummary link)
    {
        var before = state.State.Links.GetValueOrDefault(link.Key);
        state.State.Links[link.Key] = link;
        var important = before is null || before.Status != link.Status;
        _changed.Add("links");
        await ChangedAsync(important);
    }

    public Task<DataCenterTwin?> GetTwin()
    {
        var hosts = state.State.Hosts.Values;
        if (hosts.Count == 0 && state.State.Links.Count == 0)
        {
            return Task.FromResult<DataCenterTwin?>(null);
        }

        var counts = Enum.GetValues<HealthStatus>().ToDictionary(h => h, h => hosts.Count(x => x.Health == h));
        var inContact = hosts.Where(h => h.Health != HealthStatus.LostContact).ToList();
        return Task.FromResult<DataCenterTwin?>(new DataCenterTwin
        {
            Name = this.GetPrimaryKeyString(),
            Version = state.State.Version,
            Status = StatusOf(hosts.Count, counts),
            HealthCounts = counts,
            HostCount = hosts.Count,
            AvgCpuPercent = Average(inContact.Select(h => h.CpuPercent)),
            AvgMemoryUsedPercent = Average(inContact.Select(h => h.MemoryUsedPercent)),
            LastSeen = hosts.Count == 0 ? null : hosts.Max(h => h.LastSeen),
            Hosts = hosts.OrderByDescending(h => h.Health).ThenBy(h => h.Key, StringComparer.Ordinal).ToList(),
            Links = state.State.Links.Values.OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
        });
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation did the work

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes.Pending ? state.WriteStateAsync(cancellationToken) : Task.CompletedTask;

    private async Task ChangedAsync(bool important)
    {
        state.State.Version++;
        _importantPending |= important;
        _announcer ??= RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(AnnounceEvery, AnnounceEvery));
        if (!state.State.ContactReminder)
        {
            await RegisterContactReminderAsync();
        }
    }

    /// <summary>Announces what changed during the last second, and writes when due.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (_changed.Count == 0 && !_writes.Pending)
        {
            // Quiet for a whole period: stop ticking so an idle DC can be collected.
            _announcer?.Dispose();
            _announcer = null;
            return;
        }

        if (_changed.Count > 0)
        {
            var change = new TwinChange(this.GetPrimaryKeyString(), TwinKind.DataCenter, state.State.Version, _changed.Order(StringComparer.Ordinal).ToList(), time.GetUtcNow());
            _changed.Clear();
            _ = GrainFactory.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Publish(change);
            _writes.MarkPending();
        }

        if (_writes.Pending && _writes.Due(_importantPending))
        {
            _importantPending = false;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private async Task RegisterContactReminderAsync()
    {
        try
        {
            await RegisterOrUpdateReminder(ContactReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            state.State.ContactReminder = true;
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException)
        {
            // A silo without reminders (some tests) still works; only the after-restart contact check is missing.
            logger.LogWarning(exception, "DC {Dc} could not register its contact reminder", this.GetPrimaryKeyString());
            state.State.ContactReminder = true;
        }
    }

    private static DcStatus StatusOf(int hosts, Dictionary<HealthStatus, int> counts)
    {
        if (hosts == 0)
        {
            return DcStatus.Unknown;
        }

        if (counts[HealthStatus.LostContact] == hosts)
        {
            return DcStatus.Down;
        }

        return counts[HealthStatus.LostContact] > 0 || counts[HealthStatus.Critical] > 0 ? DcStatus.Degraded : DcStatus.Up;
    }

    private static double? Average(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Average();
    }
}
