using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.History;
using Turtle.Actors.Timers;
using Turtle.Twin.Alerts;
using Turtle.Twin.Changes;
using Turtle.Twin.Health;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Hosts;

/// <summary>What a host grain persists: its twin, and the last sequence number stored per collector (idempotence).</summary>
public sealed class HostState
{
    public HostTwin? Twin { get; set; }

    public Dictionary<string, long> Collectors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the silo last received an observation (its own clock: collector clocks drift).</summary>
    public DateTimeOffset LastReceived { get; set; }
}

/// <summary>
/// The twin of one host. An observation is acknowledged only once it is durable: its samples in history, then the
/// twin and the collector's sequence number in grain state. A crash between the two can store one batch's samples
/// twice on replay, never lose them. A timer per interval turns a silent host Lost contact; another recomputes the
/// host's predictions from its history every few minutes. Each observation with metrics is judged by the alert rules;
/// the alerts are part of the twin (stored, replicated) and their transitions go to the <see cref="IAlertNotifier"/>
/// once stored.
/// </summary>
public sealed class HostGrain(
    [PersistentState("host")] IPersistentState<HostState> state,
    IHistoryStore history,
    IOptions<TwinOptions> options,
    TimeProvider time,
    ILogger<HostGrain> logger,
    IOptions<AlertOptions>? alertOptions = null,
    IAlertNotifier? notifier = null) : Grain, IHostGrain
{
    private readonly HostAlerting _alerts = new(alertOptions?.Value ?? new AlertOptions(), time);
    private readonly HealthEvaluator _health = new(options.Value.EffectiveHealthRules);
    private readonly Queue<RecentPoint> _recent = new();
    private readonly HostPredictor _predictor = new(history, time);
    private IGrainTimer? _contactTimer;
    private double _timerInterval;

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Twin is { Health: not HealthStatus.LostContact } twin)
        {
            WatchContact(twin.Interval);
        }

        var every = options.Value.PredictionInterval;
        RegisterGrainTimer(RefreshPredictionsAsync, new GrainTimerCreationOptions(HostPredictor.FirstDue(every), every));
        return Task.CompletedTask;
    }

    public async Task<ObservationAck> Observe(Observation observation)
    {
        if (observation.HostKey != Key)
        {
            throw new ArgumentException($"An observation of {observation.HostKey} was sent to the twin of {Key}.", nameof(observation));
        }

        if (state.State.Collectors.TryGetValue(observation.Collector, out var last) && observation.Seq <= last)
        {
            return new ObservationAck(observation.Collector, observation.Seq, Key, Duplicate: true);
        }

        var values = ObservationMetrics.Flatten(observation);
        var samples = new Sample[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            samples[i] = new Sample(values[i].Entity, values[i].Metric, observation.Time, values[i].Value);
        }

        await history.WriteAsync(samples);

        var before = state.State.Twin;
        // A back-filled batch older than what the twin shows goes to history only: the twin keeps the latest.
        var after = before is null || observation.Time >= before.LastSeen ? Apply(before, observation) : before;
        IReadOnlyList<HostAlert> transitions = [];
        if (!ReferenceEquals(before, after))
        {
            (after, transitions) = _alerts.Apply(before, after, observation);
        }

        state.State.Twin = after;
        state.State.Collectors[observation.Collector] = observation.Seq;
        state.State.LastReceived = time.GetUtcNow();
        await state.WriteStateAsync();
        Tell(transitions);

        if (!ReferenceEquals(before, after))
        {
            Remember(observation);
            await UpdateProcessesAndLinks(observation);
            await AnnounceAsync(before, after);
            WatchContact(after.Interval);
        }

        return new ObservationAck(observation.Collector, observation.Seq, Key, Duplicate: false);
    }

    public Task<HostTwin?> GetTwin() => Task.FromResult(state.State.Twin);

    public Task<IReadOnlyList<RecentPoint>> GetRecent() => Task.FromResult<IReadOnlyList<RecentPoint>>(_recent.ToList());

    public Task CheckContact() => CheckContactAsync(CancellationToken.None);

    public async Task<HostPredictions?> GetPredictions() =>
        state.State.Twin is null ? null : _predictor.Latest ?? await _predictor.RefreshAsync(state.State.Twin);

    private HostTwin Apply(HostTwin? before, Observation observation)
    {
        var findings = before?.Findings ?? [];
        var health = before?.Health ?? HealthStatus.Unknown;
        if (observation.Metrics is not null)
        {
            findings = _health.Evaluate(ObservationMetrics.HostValues(observation.Metrics), findings);
            health = HealthEvaluator.Worst(findings);
        }
        else if (health == HealthStatus.LostContact)
        {
            // Heard from again, without metrics to judge by: back to what the findings say.
            health = before!.Metrics is null ? HealthStatus.Unknown : HealthEvaluator.Worst(findings);
        }

        var exited = observation.Exited?.Select(e => TwinKeys.Process(Key, e.Pid, e.StartTime)).ToHashSet(StringComparer.Ordinal) ?? [];
        var processes = observation.Processes?.Select(p => new ProcessSummary(TwinKeys.Process(Key, p.Pid, p.StartTime), p.Pid, p.Name, p.CpuPercent, p.RssBytes)).ToList()
                        ?? before?.Processes.ToList() ?? [];
        processes.RemoveAll(p => exited.Contains(p.Key));
        var links = (before?.Links ?? []).Union(observation.Links?.Select(l => TwinKeys.Link(Key, l.To)) ?? [], StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        return new HostTwin
        {
            Key = Key,
            Dc = observation.Dc,
            Name = observation.Host,
            Version = (before?.Version ?? 0) + 1,
            Health = health,
            Findings = findings,
            FirstSeen = before?.FirstSeen ?? observation.Time,
            LastSeen = observation.Time,
            Interval = observation.Interval,
            Facts = observation.Facts ?? before?.Facts,
            Metrics = observation.Metrics ?? before?.Metrics,
            Processes = processes.OrderByDescending(p => p.CpuPercent).ThenBy(p => p.Pid).ToList(),
            Links = links,
            Collector = observation.Self ?? before?.Collector,
        };
    }

    private void Tell(IReadOnlyList<HostAlert> transitions)
    {
        foreach (var transition in transitions)
        {
            logger.LogInformation("Alert {Alert} {State}: {Metric} is {Value} (threshold {Threshold}, clears at {Clear})",
                transition.Key, transition.State, transition.Metric, transition.Value, transition.Threshold, transition.ClearThreshold);
            (notifier ?? NoAlertNotifier.Instance).Notify(transition);
        }
    }

    private void Remember(Observation observation)
    {
        var metrics = state.State.Twin!.Metrics;
        _recent.Enqueue(new RecentPoint(observation.Time, metrics?.Cpu?.Percent, metrics?.Memory?.UsedPercent, metrics?.Load?.Avg1));
        while (_recent.Count > options.Value.RecentWindow)
        {
            _recent.Dequeue();
        }
    }

    /// <summary>Processes and links are twins of their own; they are told in parallel (none of them calls back).</summary>
    private Task UpdateProcessesAndLinks(Observation observation)
    {
        var calls = new List<Task>();
        foreach (var process in observation.Processes ?? [])
        {
            calls.Add(GrainFactory.GetGrain<IProcessGrain>(TwinKeys.Process(Key, process.Pid, process.StartTime)).Observe(process, observation.Time));
        }

        foreach (var exit in observation.Exited ?? [])
        {
            calls.Add(GrainFactory.GetGrain<IProcessGrain>(TwinKeys.Process(Key, exit.Pid, exit.StartTime)).Exit(exit, observation.Time));
        }

        foreach (var link in observation.Links ?? [])
        {
            calls.Add(GrainFactory.GetGrain<INetworkLinkGrain>(TwinKeys.Link(Key, link.To)).Observe(link, observation.Time, observation.Interval));
        }

        return Task.WhenAll(calls);
    }

    private async Task AnnounceAsync(HostTwin? before, HostTwin after)
    {
        if (before is null)
        {
            await GrainFactory.GetGrain<IFleetGrain>(TwinKeys.Fleet).RegisterHost(Key);
        }

        _ = GrainFactory.GetGrain<IDataCenterGrain>(after.Dc).ReportHost(after.ToSummary());
        _ = GrainFactory.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Publish(new TwinChange(Key, TwinKind.Host, after.Version, HostChanges.Between(before, after), time.GetUtcNow()));
    }

    /// <summary>Checks contact once per interval while the host is in contact; the timer keeps the twin active meanwhile.</summary>
    private void WatchContact(double interval)
    {
        if (_contactTimer is not null && _timerInterval == interval)
        {
            return;
        }

        _contactTimer?.Dispose();
        _timerInterval = interval;
        var period = TimeSpan.FromSeconds(interval);
        _contactTimer = RegisterGrainTimer(CheckContactAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task RefreshPredictionsAsync(CancellationToken cancellationToken)
    {
        if (state.State.Twin is { } twin)
        {
            await _predictor.RefreshAsync(twin, cancellationToken);
        }
    }

    private async Task CheckContactAsync(CancellationToken cancellationToken)
    {
        if (state.State.Twin is not { } twin || twin.Health == HealthStatus.LostContact)
        {
            return;
        }

        var silence = time.GetUtcNow() - state.State.LastReceived;
        if (silence <= TimeSpan.FromSeconds(twin.Interval * options.Value.LostContactIntervals))
        {
            WatchContact(twin.Interval);
            return;
        }

        logger.LogInformation("Host {Host} lost contact: nothing received for {Silence}", Key, silence);
        var lost = twin with { Version = twin.Version + 1, Health = HealthStatus.LostContact };
        state.State.Twin = lost;
        await state.WriteStateAsync(cancellationToken);
        await AnnounceAsync(twin, lost);
        // Nothing to watch until the host speaks again; the twin may now be collected when idle.
        _contactTimer?.Dispose();
        _contactTimer = null;
    }
}
