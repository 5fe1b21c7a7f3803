using Microsoft.Extensions.Logging;
using Turtle.Actors.Invocation;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Timers;

namespace Turtle.Actors.Runtime.Timers;

/// <summary>What the activation needs of its timers: stop them all when it ends.</summary>
internal interface IGrainTimerControl
{
    void Stop();
}

/// <summary>
/// A grain timer: each tick is queued into the grain's mailbox as a request, so the callback runs as a turn
/// (interleaving only when asked). The next period starts when the tick's turn ends, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer<TState> : IGrainTimer, IGrainTimerControl, ITimerCallbackSource
{
    private readonly ActivationData _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopped = new();
    private GrainTimerCreationOptions _options;

    public GrainTimer(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state,
        GrainTimerCreationOptions options, TimeProvider time, ILogger logger)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _options = options;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(static self => ((GrainTimer<TState>)self!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start() => _timer.Change(_options.DueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _options = _options with { DueTime = dueTime, Period = period };
        if (!_stopped.IsCancellationRequested)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        var tick = new GrainTimerTick(this, _options);
        if (!_activation.TryEnqueue(tick))
        {
            Stop();
            return;
        }

        tick.Task.ContinueWith(static (completed, self) => ((GrainTimer<TState>)self!).OnTickDone(completed), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnTickDone(Task completed)
    {
        if (completed.IsFaulted)
        {
            _logger.LogWarning(completed.Exception!.InnerException, "Timer callback of grain {GrainId} failed", _activation.GrainId);
        }

        if (!_stopped.IsCancellationRequested && _options.Period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_options.Period, Timeout.InfiniteTimeSpan);
        }
    }

    public Task InvokeCallback() => _callback(_state, _stopped.Token);

    public void Stop()
    {
        if (!_stopped.IsCancellationRequested)
        {
            _stopped.Cancel();
            _timer.Dispose();
        }
    }

    public void Dispose()
    {
        Stop();
        _activation.RemoveTimer(this);
    }
}

/// <summary>One timer tick travelling through the grain's mailbox like any request.</summary>
internal sealed class GrainTimerTick(ITimerCallbackSource source, GrainTimerCreationOptions options) : GrainVoidRequest
{
    public bool KeepAlive => options.KeepAlive;

    public override string InterfaceName => "timer";

    public override string MethodName => "tick";

    public override InvokeMethodOptions Options => options.Interleave ? InvokeMethodOptions.AlwaysInterleave : InvokeMethodOptions.None;

    protected override ValueTask InvokeVoid(object target) => new(source.InvokeCallback());
}

internal interface ITimerCallbackSource
{
    Task InvokeCallback();
}
