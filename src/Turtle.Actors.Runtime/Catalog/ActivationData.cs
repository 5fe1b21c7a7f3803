using System.Diagnostics;
using Turtle.Actors.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Invocation;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Scheduling;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Runtime.Timers;
using Turtle.Actors.Timers;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>
/// One activation of one grain: its instance, mailbox, executor, timers and states, and its lifecycle
/// (activate on the first request, deactivate when idle, asked, or the silo stops). All mutable state is
/// guarded by <see cref="_lock"/>; grain code runs only on <see cref="_queue"/>.
/// </summary>
internal sealed class ActivationData : IGrainContext, IWorkItemRunner
{
    private readonly Lock _lock = new();
    private readonly ActivationServices _services;
    private readonly ActivationMailbox _mailbox;
    private readonly ActivationWorkQueue _queue;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state;
    private DeactivationReason? _deactivationReason;
    private long _lastActivity;
    private long _keepAliveUntil;
    private readonly ActivationResources _resources = new();
    private IAddressable? _selfReference;
    private GrainAddress? _registration;
    private ITimer? _deactivationDeadline;

    public ActivationData(GrainId grainId, Invocation.GrainClassDescriptor descriptor, ActivationServices services)
    {
        GrainId = grainId;
        Descriptor = descriptor;
        _services = services;
        _mailbox = new ActivationMailbox(descriptor.IsReentrant);
        _queue = new ActivationWorkQueue(this, services.Logger);
        _lastActivity = services.Time.GetTimestamp();
    }

    /// <summary>An activation around an existing object (an observer): valid at once, never collected.</summary>
    public ActivationData(GrainId grainId, object instance, ActivationServices services)
        : this(grainId, new Invocation.GrainClassDescriptor(instance.GetType(), grainId.Type, [], false, (_, _) => instance), services)
    {
        Instance = instance;
        IsObserver = true;
        _state = ActivationState.Valid;
    }

    public GrainId GrainId { get; }

    public Invocation.GrainClassDescriptor Descriptor { get; }

    public object? Instance { get; private set; }

    public bool IsObserver { get; }

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when the activation has ended (deactivated or failed to activate).</summary>
    public Task Ended => _ended.Task;

    /// <summary>What this activation registered in the grain directory; null before activation and after it ends.</summary>
    public GrainAddress? Registration => _registration;

    public IAddressable GrainReference =>
        _selfReference ??= _services.Manifest.CreateReference(Descriptor.Interfaces[0], GrainId, _services.Dispatcher);

    public IGrainFactory GrainFactory => _services.GrainFactory;

    public Turtle.Actors.Reminders.IReminderRegistry Reminders =>
        (Turtle.Actors.Reminders.IReminderRegistry?)_services.ServiceProvider.GetService(typeof(Turtle.Actors.Reminders.IReminderRegistry))
        ?? throw new InvalidOperationException($"{Descriptor.GrainClass.Name} uses reminders, but the silo has no reminder storage; add one with UseReminders (the silo host does it from Turtle:Storage:Provider).");

    public IServiceProvider ServiceProvider => _services.ServiceProvider;

    /// <summary>Accepts <paramref name="request"/> into the mailbox; false when this activation has ended and the caller must look up a new one.</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        var start = false;
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Created:
                    _state = ActivationState.Activating;
                    _mailbox.Queue(request);
                    _queue.Post(new WorkItem(() => _ = ActivateAsync()));
                    break;
                case ActivationState.Valid when _deactivationReason is null:
                    start = _mailbox.StartOrQueue(request);
                    break;
                default:
                    // Activating, or deactivation pending: the request waits, and is forwarded if this activation ends.
                    _mailbox.Queue(request);
                    break;
            }
        }

        if (start)
        {
            _queue.Post(new WorkItem(request));
        }

        return true;
    }

    void IWorkItemRunner.RunRequest(GrainRequest request)
    {
        if (request.IsCompleted)
        {
            // Timed out or canceled while it waited: nothing to run.
            OnRequestDone(request);
            return;
        }

        var cancellation = request.CancellationToken;
        if (cancellation.IsCancellationRequested)
        {
            request.TryCancel(cancellation);
            OnRequestDone(request);
            return;
        }

        if ((_services.CallStatistics.Enabled || _services.Telemetry.CallsObserved) && !IsObserver)
        {
            request.StartedTimestamp = _services.Time.GetTimestamp();
        }

        // A span only while a trace listener listens (OTLP configured); the turn's continuations inherit it as
        // Activity.Current, so calls this grain makes become its children. The worker thread gets its own back.
        var previousSpan = Activity.Current;
        if (!IsObserver && RuntimeTelemetry.Source.HasListeners())
        {
            request.Span = RuntimeTelemetry.Source.StartActivity($"{request.InterfaceName}/{request.MethodName}", ActivityKind.Server, request.CallerSpan);
            request.Span?.SetTag("rpc.system", "turtle").SetTag("rpc.service", request.InterfaceName).SetTag("rpc.method", request.MethodName)
                .SetTag("turtle.grain.id", GrainId.ToString());
        }

        var pending = request.InvokeAsync(Instance!);
        if (request.Span is not null)
        {
            Activity.Current = previousSpan;
        }

        if (pending.IsCompleted)
        {
            OnRequestDone(request);
        }
        else
        {
            // The continuation captures this activation's synchronization context, so it runs as a turn here.
            pending.GetAwaiter().UnsafeOnCompleted(() => OnRequestDone(request));
        }
    }

    private void OnRequestDone(GrainRequest request)
    {
        request.CancellationRegistration.Dispose();
        if (request.StartedTimestamp is { } started)
        {
            var elapsed = _services.Time.GetTimestamp() - started;
            var failed = request.Failure is not null;
            if (_services.CallStatistics.Enabled)
            {
                _services.CallStatistics.Record(request.InterfaceName, request.MethodName, elapsed, failed);
            }

            _services.Telemetry.RecordCall(request.InterfaceName, request.MethodName, (double)elapsed / _services.Time.TimestampFrequency, failed);
        }

        if (request.Span is { } span)
        {
            if (request.Failure is { } error)
            {
                span.SetStatus(ActivityStatusCode.Error, error.Message);
                span.SetTag("error.type", error.GetType().FullName);
            }

            span.Stop();
            request.Span = null;
        }

        if (request.IsOneWay && request.Failure is { } failure)
        {
            _services.Logger.LogWarning(failure, "One-way call {Request} to {GrainId} failed", request, GrainId);
        }

        var deactivate = false;
        lock (_lock)
        {
            _mailbox.Complete(request);
            if (request is not GrainTimerTick { KeepAlive: false })
            {
                _lastActivity = _services.Time.GetTimestamp();
            }

            if (_state == ActivationState.Valid)
            {
                if (_deactivationReason is not null)
                {
                    deactivate = BeginDeactivationLocked();
                }
                else
                {
                    while (_mailbox.TryStartNext(out var next))
                    {
                        _queue.Post(new WorkItem(next));
                    }
                }
            }
        }

        request.Respond();
        if (deactivate)
        {
            _ = DeactivateAsync();
        }
    }

    private async Task ActivateAsync()
    {
        using var timeout = new CancellationTokenSource(_services.Collection.ActivationTimeout, _services.Time);
        try
        {
            var address = new GrainAddress(GrainId, _services.LocalSilo, Guid.NewGuid());
            var registered = await _services.Directory.RegisterAsync(address, timeout.Token);
            if (registered != address)
            {
                if (registered.Silo != _services.LocalSilo)
                {
                    // Another silo won the race for this grain: hand it everything queued here.
                    ForwardToWinner(registered);
                    return;
                }

                throw new InvalidOperationException(
                    $"Grain {GrainId} is already registered by another activation on this silo; this duplicate was not started.");
            }

            _registration = address;
            Instance = Grain.Construct(this, () => Descriptor.Create(_services.ServiceProvider, this));
            await _resources.ReadStatesAsync(timeout.Token);

            if (Instance is Grain grain)
            {
                await grain.OnActivateAsync(timeout.Token);
            }
        }
        catch (Exception exception)
        {
            await FailActivationAsync(exception);
            return;
        }

        var deactivate = false;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActivity = _services.Time.GetTimestamp();
            if (_deactivationReason is not null)
            {
                deactivate = BeginDeactivationLocked();
            }
            else
            {
                while (_mailbox.TryStartNext(out var next))
                {
                    _queue.Post(new WorkItem(next));
                }
            }
        }

        if (deactivate)
        {
            await DeactivateAsync();
        }
    }

    private void ForwardToWinner(GrainAddress winner)
    {
        List<GrainRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = _mailbox.DrainWaiting();
        }

        _services.Catalog.Remove(this);
        _ended.TrySetResult();
        foreach (var request in waiting)
        {
            _services.Dispatcher.Forward(winner.Silo, GrainId, request);
        }
    }

    private async Task FailActivationAsync(Exception exception)
    {
        _services.Logger.LogWarning(exception, "Activation of {GrainId} failed", GrainId);
        List<GrainRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = _mailbox.DrainWaiting();
        }

        DisposeTimers();
        await UnregisterAsync();
        _services.Catalog.Remove(this);
        var error = new GrainActivationException(GrainId, exception);
        foreach (var request in waiting)
        {
            request.CancellationRegistration.Dispose();
            request.TryFail(error);
        }

        _ended.TrySetResult();
    }

    public void Deactivate(DeactivationReason reason)
    {
        bool deactivateNow = false, neverActivated = false;
        lock (_lock)
        {
            if (_state is ActivationState.Invalid or ActivationState.Deactivating || _deactivationReason is not null)
            {
                return;
            }

            _deactivationReason = reason;
            if (_state == ActivationState.Created)
            {
                // Never activated: nothing ran, nothing waits.
                _state = ActivationState.Invalid;
                neverActivated = true;
            }
            else if (_state == ActivationState.Valid)
            {
                // Otherwise the last running request (or the end of activation) starts it, or the deadline below.
                deactivateNow = BeginDeactivationLocked();
            }

            if (!deactivateNow && !neverActivated)
            {
                _deactivationDeadline = _services.Time.CreateTimer(static self => ((ActivationData)self!).ForceDeactivation(), this,
                    _services.Collection.DeactivationTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        if (neverActivated)
        {
            _services.Catalog.Remove(this);
            _ended.TrySetResult();
        }
        else if (deactivateNow)
        {
            _queue.Post(new WorkItem(() => _ = DeactivateAsync()));
        }
    }

    /// <summary>Requests still running after <c>DeactivationTimeout</c> do not hold the activation (or a silo shutdown) hostage.</summary>
    private void ForceDeactivation()
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid)
            {
                return;
            }

            _services.Logger.LogWarning("{GrainId} still had {Count} running requests {Timeout} after deactivation was requested; deactivating anyway",
                GrainId, _mailbox.RunningCount, _services.Collection.DeactivationTimeout);
            _state = ActivationState.Deactivating;
        }

        _queue.Post(new WorkItem(() => _ = DeactivateAsync()));
    }

    private bool BeginDeactivationLocked()
    {
        if (_mailbox.RunningCount > 0)
        {
            return false;
        }

        _state = ActivationState.Deactivating;
        return true;
    }

    private async Task DeactivateAsync()
    {
        _deactivationDeadline?.Dispose();
        DisposeTimers();
        var reason = _deactivationReason ?? new DeactivationReason(DeactivationReasonCode.None, "unknown");
        if (Instance is Grain grain)
        {
            using var timeout = new CancellationTokenSource(_services.Collection.DeactivationTimeout, _services.Time);
            try
            {
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
            catch (Exception exception)
            {
                _services.Logger.LogWarning(exception, "OnDeactivateAsync of {GrainId} failed ({Reason})", GrainId, reason);
            }
        }

        lock (_lock)
        {
            _mailbox.FailRunning(new TimeoutException(
                $"Grain {GrainId} was deactivated ({reason}) while this call was still running after {_services.Collection.DeactivationTimeout}."));
        }

        await UnregisterAsync();
        _services.Catalog.Remove(this);

        // Requests that arrived while this activation wound down go to its successor, in arrival order. The state
        // turns Invalid only once the queue is empty: until then a late request still queues here, behind the ones
        // already handed over, instead of reaching the successor ahead of them.
        while (true)
        {
            List<GrainRequest> waiting;
            lock (_lock)
            {
                waiting = _mailbox.DrainWaiting();
                if (waiting.Count == 0)
                {
                    _state = ActivationState.Invalid;
                    break;
                }
            }

            HandOver(waiting);
        }

        _ended.TrySetResult();
    }

    /// <summary>Sends requests left behind to this grain's next activation; timer ticks end with this one.</summary>
    private void HandOver(List<GrainRequest> waiting)
    {
        foreach (var request in waiting)
        {
            if (request is GrainTimerTick)
            {
                request.TryCancel(CancellationToken.None);
            }
            else
            {
                _services.Dispatcher.Dispatch(GrainId, request);
            }
        }
    }

    /// <summary>Leaves the directory before the catalog, so a successor never finds this activation still registered.</summary>
    private async ValueTask UnregisterAsync()
    {
        if (_registration is { } registration)
        {
            _registration = null;
            try
            {
                await _services.Directory.UnregisterAsync(registration);
            }
            catch (Exception exception)
            {
                _services.Logger.LogWarning(exception, "Could not unregister {GrainId} from the grain directory", GrainId);
            }
        }
    }

    /// <summary>True when the activation has done nothing for <paramref name="age"/> and may be collected.</summary>
    public bool IsIdle(long now, TimeSpan age)
    {
        lock (_lock)
        {
            return !IsObserver && _state == ActivationState.Valid && _deactivationReason is null && _mailbox.IsEmpty &&
                   now >= _keepAliveUntil && _services.Time.GetElapsedTime(_lastActivity, now) >= age;
        }
    }

    /// <summary>Fails requests whose deadline has passed, whether they wait or run.</summary>
    public void ExpireOverdueRequests(long now)
    {
        lock (_lock)
        {
            if (!_mailbox.IsEmpty)
            {
                _mailbox.ExpireOverdue(now, (request, running) => new TimeoutException(
                    $"{request} on grain {GrainId} did not respond before its deadline ({(running ? "it is still running" : "it was still waiting for its turn")})."));
            }
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = _services.Time.GetTimestamp() + (long)(timeSpan.TotalSeconds * _services.Time.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new()
    {
        var state = new PersistentState<TState>(stateName, GrainId, _services.Storage.Resolve(storageName, Descriptor.GrainClass));
        _resources.AddState(state);
        return state;
    }

    public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(this, callback, state, options, _services.Time);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            _resources.AddTimer(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(IGrainTimerControl timer) => _resources.RemoveTimer(timer);

    private void DisposeTimers() => _resources.StopTimers();

    public override string ToString() => $"activation of {GrainId}";
}
