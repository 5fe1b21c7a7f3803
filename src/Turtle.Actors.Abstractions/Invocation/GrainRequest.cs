using System.ComponentModel;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Invocation;

/// <summary>How a grain method may be scheduled, from its attributes.</summary>
[Flags]
public enum InvokeMethodOptions
{
    None = 0,

    /// <summary><see cref="ReadOnlyAttribute"/>: may interleave with other read-only calls.</summary>
    ReadOnly = 1,

    /// <summary><see cref="AlwaysInterleaveAttribute"/>: may interleave with any call.</summary>
    AlwaysInterleave = 2,

    /// <summary><see cref="OneWayAttribute"/> or a void observer method: the caller does not wait.</summary>
    OneWay = 4,

    /// <summary><see cref="IdempotentAttribute"/>: may run again on a new activation when its silo dies mid-call.</summary>
    Idempotent = 8,
}

/// <summary>
/// One call to one grain method: its arguments as fields, the code that invokes it on the target, and its
/// completion. The source generator emits one sealed subclass per grain interface method, so calls need
/// neither reflection nor an argument array. The runtime queues requests in activation mailboxes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest
{
    /// <summary>The grain interface's full name, for diagnostics and metrics.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>The method's name, for diagnostics and metrics.</summary>
    public abstract string MethodName { get; }

    /// <summary>The method's position in its proxy; with the interface, names the method on the wire.</summary>
    public virtual int MethodId => -1;

    /// <summary>The wire id of the interface the call was made through (set in a cluster, where a call may be forwarded).</summary>
    public int InterfaceId { get; set; }

    /// <summary>The id that pairs this request with its response on a connection; 0 for local calls.</summary>
    public long CorrelationId { get; set; }

    /// <summary>Where the outcome goes when the caller is on another silo or client; null for local callers.</summary>
    public IResponseSink? ResponseSink { get; set; }

    /// <summary>Encodes the arguments (generated).</summary>
    public virtual void WriteArguments(MessageWriter writer)
    {
    }

    /// <summary>Decodes the arguments (generated).</summary>
    public virtual void ReadArguments(MessageReader reader)
    {
    }

    /// <summary>Encodes the recorded outcome: a result or an exception.</summary>
    public abstract void WriteResult(MessageWriter writer);

    /// <summary>Decodes an outcome written by <see cref="WriteResult"/> and records it; <see cref="Respond"/> delivers it.</summary>
    public abstract void ReadResult(MessageReader reader);

    /// <summary>Scheduling options from the method's attributes.</summary>
    public virtual InvokeMethodOptions Options => InvokeMethodOptions.None;

    /// <summary>The method's own timeout (<see cref="ResponseTimeoutAttribute"/>), or null for the runtime default.</summary>
    public virtual TimeSpan? ResponseTimeout => null;

    /// <summary>The caller's cancellation token, when the method takes one.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The runtime's deadline for this call, as a <see cref="TimeProvider"/> timestamp; 0 when none was set.</summary>
    public long DeadlineTimestamp { get; set; }

    /// <summary>When the request's first turn started (a <see cref="TimeProvider"/> timestamp), if call statistics timed it.</summary>
    internal long? StartedTimestamp { get; set; }

    /// <summary>The span of the caller, captured when the call was made in this process while a trace listener listens.</summary>
    internal System.Diagnostics.ActivityContext CallerSpan { get; set; }

    /// <summary>This call's span while it runs, when a trace listener listens.</summary>
    internal System.Diagnostics.Activity? Span { get; set; }

    /// <summary>The runtime's registration on <see cref="CancellationToken"/>, released when the request ends.</summary>
    public CancellationTokenRegistration CancellationRegistration { get; set; }

    public bool IsOneWay => (Options & InvokeMethodOptions.OneWay) != 0;

    public bool IsIdempotent => (Options & InvokeMethodOptions.Idempotent) != 0;

    /// <summary>True once the runtime re-sent this call after its silo died; a call is re-sent at most once.</summary>
    public bool Redelivered { get; set; }

    /// <summary>The exception the request failed with, if it failed.</summary>
    public abstract Exception? Failure { get; }

    /// <summary>Forgets a failure read from a response, before the request is sent again (a re-route).</summary>
    public abstract void ForgetFailure();

    /// <summary>True once the caller has its result, exception, timeout or cancellation.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Runs the method on <paramref name="target"/> and records its outcome. Never throws.</summary>
    public abstract ValueTask InvokeAsync(object target);

    /// <summary>Hands the recorded outcome to the caller, unless it already completed (timed out or canceled).</summary>
    public abstract void Respond();

    /// <summary>Completes the request with <paramref name="exception"/> unless it already completed.</summary>
    public abstract bool TryFail(Exception exception);

    /// <summary>Completes the request as canceled unless it already completed.</summary>
    public abstract bool TryCancel(CancellationToken cancellationToken);

    public override string ToString() => $"{InterfaceName}.{MethodName}";
}

/// <summary>A request whose method returns a value (or, via <see cref="GrainVoidRequest"/>, none).</summary>
/// <remarks>
/// The outcome is held until the runtime calls <see cref="GrainRequest.Respond"/> after the turn's bookkeeping, so a
/// caller that sees the response also sees the turn ended (the grain is idle again, or deactivating). Exactly one
/// of respond, fail and cancel takes effect.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest<TResult> : GrainRequest
{
    // Continuations run asynchronously so a caller never runs inline inside the callee's turn.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private Exception? _exception;
    private int _completed;

    /// <summary>The caller's view of the outcome.</summary>
    public Task<TResult> Task => _completion.Task;

    public sealed override bool IsCompleted => Volatile.Read(ref _completed) != 0;

    public sealed override Exception? Failure => _exception;

    public sealed override void ForgetFailure() => _exception = null;

    public override ValueTask InvokeAsync(object target)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeCore(target);
        }
        catch (Exception exception)
        {
            _exception = exception;
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            _result = pending.Result;
            return default;
        }

        return AwaitAsync(pending);
    }

    public sealed override void Respond()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (ResponseSink is { } sink)
        {
            sink.OnCompleted(this);
        }
        else if (_exception is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_exception);
        }
    }

    public sealed override bool TryFail(Exception exception)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        _exception = exception;
        if (ResponseSink is { } sink)
        {
            sink.OnCompleted(this);
            return true;
        }

        return _completion.TrySetException(exception);
    }

    public sealed override bool TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        if (ResponseSink is { } sink)
        {
            _exception = new OperationCanceledException(cancellationToken);
            sink.OnCompleted(this);
            return true;
        }

        return _completion.TrySetCanceled(cancellationToken);
    }

    public sealed override void WriteResult(MessageWriter writer)
    {
        if (_exception is null)
        {
            writer.WriteByte(0);
            WriteValue(writer, _result!);
        }
        else
        {
            writer.WriteByte(1);
            ExceptionCodec.Write(writer, _exception);
        }
    }

    public sealed override void ReadResult(MessageReader reader)
    {
        if (reader.ReadByte() == 0)
        {
            _result = ReadValue(reader);
        }
        else
        {
            _exception = ExceptionCodec.Read(reader);
        }
    }

    protected virtual void WriteValue(MessageWriter writer, TResult value) => ValueCodec<TResult>.Write(writer, value);

    protected virtual TResult ReadValue(MessageReader reader) => ValueCodec<TResult>.Read(reader);

    /// <summary>Calls the grain method with this request's arguments.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object target);

    /// <summary>Records a failure of the invocation, delivered by <see cref="Respond"/>.</summary>
    protected void SetException(Exception exception) => _exception = exception;

    private async ValueTask AwaitAsync(ValueTask<TResult> pending)
    {
        try
        {
            _result = await pending;
        }
        catch (Exception exception)
        {
            _exception = exception;
        }
    }
}

/// <summary>A request whose method returns <see cref="System.Threading.Tasks.Task"/>, <see cref="ValueTask"/> or (observers) void.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainVoidRequest : GrainRequest<object?>
{
    public sealed override ValueTask InvokeAsync(object target)
    {
        ValueTask pending;
        try
        {
            pending = InvokeVoid(target);
        }
        catch (Exception exception)
        {
            SetException(exception);
            return default;
        }

        return pending.IsCompletedSuccessfully ? default : AwaitAsync(pending);
    }

    /// <summary>Calls the grain method with this request's arguments.</summary>
    protected abstract ValueTask InvokeVoid(object target);

    protected sealed override ValueTask<object?> InvokeCore(object target) => throw new NotSupportedException("Void requests run through InvokeVoid.");

    // No value travels for a void method; only success or an exception.
    protected sealed override void WriteValue(MessageWriter writer, object? value)
    {
    }

    protected sealed override object? ReadValue(MessageReader reader) => null;

    private async ValueTask AwaitAsync(ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch (Exception exception)
        {
            SetException(exception);
        }
    }
}

/// <summary>Receives a request's outcome when its caller is remote: the transport encodes and sends it.</summary>
public interface IResponseSink
{
    void OnCompleted(GrainRequest request);
}
