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
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopped = new();
    private GrainTimerCreationOptions _options;

    public GrainTimer(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state,
        GrainTimerCreationOptions options, TimeProvider time)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _options = options;
        _time = time;
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

        if (!_activation.TryEnqueue(new GrainTimerTick(this, _options)))
        {
            Stop();
        }
    }

    /// <summary>Runs the callback as the tick's turn, then arms the next period within the same turn.</summary>
    public async Task InvokeCallback()
    {
        try
        {
            await _callback(_state, _stopped.Token);
        }
        finally
        {
            if (!_stopped.IsCancellationRequested && _options.Period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_options.Period, Timeout.InfiniteTimeSpan);
            }
        }
    }

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

    // One-way: nobody awaits a tick, and the activation logs a failing callback.
    public override InvokeMethodOptions Options =>
        InvokeMethodOptions.OneWay | (options.Interleave ? InvokeMethodOptions.AlwaysInterleave : InvokeMethodOptions.None);

    protected override ValueTask InvokeVoid(object target) => new(source.InvokeCallback());
}

internal interface ITimerCallbackSource
{
    Task InvokeCallback();
}
