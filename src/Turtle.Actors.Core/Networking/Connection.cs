using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Messaging;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Networking;

/// <summary>
/// One multiplexed TCP connection to a peer silo or client. Any number of calls share it, in both directions,
/// paired with their responses by correlation id. A single writer loop batches queued messages into the socket
/// (flushing when the queue runs dry); a single reader loop decodes frames and hands requests to the owner.
/// When the connection ends, every call waiting on it fails at once.
/// </summary>
public sealed class Connection : IResponseSink
{
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<Outgoing> _sendQueue;

    // Pings and pongs skip the (bounded) send queue: a connection busy with calls must still answer probes, or the
    // membership protocol would take a loaded silo for a dead one.
    private readonly Channel<Outgoing> _controlQueue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _probes = new();
    private readonly ConnectionOptions _options;
    private readonly IMessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextCorrelationId;
    private long _lastReceived;
    private long _lastPingSent;
    private int _isClosed;

    internal Connection(Stream stream, PipeReader input, PipeWriter output, SiloAddress peer, bool isOutbound,
        ConnectionOptions options, IMessageHandler handler, TimeProvider time, ILogger logger)
    {
        _stream = stream;
        _input = input;
        _output = output;
        Peer = peer;
        IsOutbound = isOutbound;
        _options = options;
        _handler = handler;
        _time = time;
        _logger = logger;
        _lastReceived = time.GetTimestamp();
        _sendQueue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Who is at the other end, from its handshake.</summary>
    public SiloAddress Peer { get; }

    /// <summary>True when this side opened the connection.</summary>
    public bool IsOutbound { get; }

    public bool IsClosed => Volatile.Read(ref _isClosed) != 0;

    /// <summary>Completes when the connection has closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Calls sent on this connection still waiting for their response.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>The test seam's faults and this end's address; null in production.</summary>
    internal ConnectionFaults? Faults { get; init; }

    internal void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> on the peer; its outcome arrives through the request.</summary>
    public void SendRequest(GrainRequest request, GrainId target, int interfaceId)
    {
        if (IsClosed)
        {
            request.TryFail(new ConnectionLostException($"The connection to {Peer} is closed."));
            return;
        }

        // The request's own CorrelationId belongs to the connection it arrived on (if it is being forwarded);
        // this connection's id lives only in the frame and in the pending table.
        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        if (!request.IsOneWay)
        {
            _pending[correlationId] = new PendingCall(request, target);
        }

        var kind = request.IsOneWay ? MessageKind.OneWayRequest : MessageKind.Request;
        Enqueue(new Outgoing(kind, correlationId, request, target, interfaceId, null));
    }

    /// <summary>Sends a ping and waits for its pong: the membership protocol's direct probe.</summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return false;
        }

        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[correlationId] = pong;
        Enqueue(new Outgoing(MessageKind.Ping, correlationId, null, default, 0, null));
        try
        {
            await pong.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or ConnectionLostException)
        {
            return false;
        }
        finally
        {
            _probes.TryRemove(correlationId, out _);
        }
    }

    /// <summary>A request that arrived on this connection has finished: send its outcome back.</summary>
    void IResponseSink.OnCompleted(GrainRequest request) =>
        Enqueue(new Outgoing(MessageKind.Response, request.CorrelationId, request, default, 0, null));

    /// <summary>Fails overdue calls, pings a quiet peer, and closes a connection that has gone silent (half-open).</summary>
    public void CheckHealth(long now)
    {
        foreach (var (correlationId, (request, _)) in _pending)
        {
            if (request.DeadlineTimestamp != 0 && now >= request.DeadlineTimestamp && _pending.TryRemove(correlationId, out _))
            {
                request.TryFail(new TimeoutException($"{request} sent to {Peer} did not respond before its deadline."));
            }
        }

        var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastReceived), now);
        if (quiet >= _options.IdleTimeout)
        {
            Close(new ConnectionLostException($"Nothing received from {Peer} for {quiet.TotalSeconds:0.#} s; the connection is considered dead."));
        }
        else if (quiet >= _options.PingInterval && _time.GetElapsedTime(_lastPingSent, now) >= _options.PingInterval)
        {
            _lastPingSent = now;
            Enqueue(new Outgoing(MessageKind.Ping, 0, null, default, 0, null));
        }
    }

    public void Close(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        if (reason is not null)
        {
            _logger.LogInformation("Connection to {Peer} closed: {Reason}", Peer, reason.Message);
        }

        _sendQueue.Writer.TryComplete();
        _controlQueue.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // Already broken; nothing more to release.
        }

        var lost = new ConnectionLostException($"The connection to {Peer} was lost before the response arrived.", reason);
        foreach (var correlationId in _pending.Keys)
        {
            if (_pending.TryRemove(correlationId, out var call) &&
                !(call.Request.IsIdempotent && !call.Request.IsCompleted && _handler.TryRedeliver(Peer, call.Target, call.Request)))
            {
                call.Request.TryFail(lost);
            }
        }

        foreach (var probe in _probes.Values)
        {
            probe.TrySetException(lost);
        }

        _handler.OnClosed(this, reason);
        _closed.TrySetResult();
    }

    private void Enqueue(Outgoing message)
    {
        if (message.Kind is MessageKind.Ping or MessageKind.Pong)
        {
            _controlQueue.Writer.TryWrite(message);
            return;
        }

        if (_sendQueue.Writer.TryWrite(message))
        {
            return;
        }

        if (IsClosed)
        {
            message.Request?.TryFail(new ConnectionLostException($"The connection to {Peer} is closed."));
            return;
        }

        // Back-pressure: the queue is full, so this send waits for room instead of growing memory without bound.
        _ = EnqueueSlowAsync(message);
    }

    private async Task EnqueueSlowAsync(Outgoing message)
    {
        try
        {
            await _sendQueue.Writer.WriteAsync(message, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            message.Request?.TryFail(new ConnectionLostException($"The connection to {Peer} is closed."));
        }
    }

    private async Task WriteLoopAsync()
    {
        using var writer = new MessageWriter(64 * 1024);
        try
        {
            var calls = _sendQueue.Reader;
            var control = _controlQueue.Reader;
            while (await WaitForWorkAsync(calls, control).ConfigureAwait(false))
            {
                if (Faults is { } faults)
                {
                    await faults.Seam.BeforeSendAsync(faults.Local, Peer, _closing.Token).ConfigureAwait(false);
                }

                // Probes first, then calls; flush whenever a batch is large, and when both queues run dry.
                while (control.TryRead(out var probe) || calls.TryRead(out probe))
                {
                    writer.Reset();
                    if (Faults is { } cut && cut.Seam.Drops(cut.Local, Peer))
                    {
                        // A cut link: the frame is lost on the way, the sender learns nothing.
                        continue;
                    }

                    if (TryEncode(writer, probe))
                    {
                        _output.Write(writer.WrittenSpan);
                    }

                    if (_output.UnflushedBytes >= 256 * 1024)
                    {
                        await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
                    }
                }

                await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Close(exception is OperationCanceledException ? null : exception);
        }
    }

    /// <summary>Waits until either queue has a message; false once both are completed (the connection closed).</summary>
    private async ValueTask<bool> WaitForWorkAsync(ChannelReader<Outgoing> calls, ChannelReader<Outgoing> control)
    {
        if (calls.TryPeek(out _) || control.TryPeek(out _))
        {
            return true;
        }

        var callsReady = calls.WaitToReadAsync(_closing.Token).AsTask();
        var controlReady = control.WaitToReadAsync(_closing.Token).AsTask();
        var first = await Task.WhenAny(callsReady, controlReady).ConfigureAwait(false);
        return await first.ConfigureAwait(false) || (first == callsReady ? await controlReady.ConfigureAwait(false) : await callsReady.ConfigureAwait(false));
    }

    /// <summary>Encodes one frame; a message that cannot be encoded fails alone, without breaking the stream.</summary>
    private bool TryEncode(MessageWriter writer, Outgoing message)
    {
        if (message.Error is { } error)
        {
            MessageEncoder.EncodeFailure(writer, message.CorrelationId, error);
            return true;
        }

        try
        {
            MessageEncoder.Encode(writer, message.Kind, message.CorrelationId, message.Request, message.Target, message.InterfaceId, _time);
            return true;
        }
        catch (Exception exception) when (message.Kind is MessageKind.Request or MessageKind.OneWayRequest)
        {
            _pending.TryRemove(message.CorrelationId, out _);
            message.Request?.TryFail(exception);
        }
        catch (Exception exception) when (message.Kind == MessageKind.Response)
        {
            // The result could not be encoded (for example, not serializable): the caller gets that error instead.
            writer.Reset();
            MessageEncoder.EncodeFailure(writer, message.CorrelationId, exception);
            return true;
        }

        return false;
    }

    private async Task ReadLoopAsync()
    {
        var reader = new MessageReader(ReadOnlyMemory<byte>.Empty, _handler);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                if (Faults is { } faults)
                {
                    await faults.Seam.BeforeReceiveAsync(Peer, faults.Local, _closing.Token).ConfigureAwait(false);
                }

                var buffer = result.Buffer;
                try
                {
                    if (!buffer.IsEmpty)
                    {
                        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                    }

                    while (FrameCodec.TryReadFrame(ref buffer, _options.MaxFrameSize, out var frame))
                    {
                        reader.Reset(frame.IsSingleSegment ? frame.First : frame.ToArray());
                        HandleFrame(reader);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    Close(new ConnectionLostException($"{Peer} closed the connection."));
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Close(exception is OperationCanceledException ? null : exception);
        }
    }

    private void HandleFrame(MessageReader reader)
    {
        var kind = (MessageKind)reader.ReadByte();
        var correlationId = reader.ReadInt64();
        switch (kind)
        {
            case MessageKind.Request:
            case MessageKind.OneWayRequest:
                HandleRequest(reader, kind, correlationId);
                break;
            case MessageKind.Response:
                if (_pending.TryRemove(correlationId, out var call))
                {
                    var request = call.Request;
                    try
                    {
                        request.ReadResult(reader);
                        if (request.Failure is GrainMovedException && !request.Redelivered && _handler.TryReroute(Peer, call.Target, request))
                        {
                            break;
                        }

                        request.Respond();
                    }
                    catch (MessageFormatException exception)
                    {
                        request.TryFail(exception);
                    }
                }

                // Otherwise the call already timed out; its late response is dropped.
                break;
            case MessageKind.Ping:
                Enqueue(new Outgoing(MessageKind.Pong, correlationId, null, default, 0, null));
                break;
            case MessageKind.Pong:
                if (_probes.TryGetValue(correlationId, out var pong))
                {
                    pong.TrySetResult();
                }

                break;
            default:
                throw new MessageFormatException($"Unknown message kind {(byte)kind} from {Peer}.");
        }
    }

    private void HandleRequest(MessageReader reader, MessageKind kind, long correlationId)
    {
        var target = GrainIdCodec.Read(reader);
        var interfaceId = reader.ReadInt32();
        var methodId = reader.ReadInt32();
        var timeoutMilliseconds = reader.ReadInt32();
        GrainRequest request;
        try
        {
            request = _handler.CreateRequest(interfaceId, methodId);
            request.ReadArguments(reader);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An unknown method or undecodable arguments fail this call only; the connection stays up.
            if (kind == MessageKind.Request)
            {
                Enqueue(new Outgoing(MessageKind.Response, correlationId, null, default, 0, exception));
            }

            return;
        }

        request.CorrelationId = correlationId;
        request.InterfaceId = interfaceId;
        if (kind == MessageKind.Request)
        {
            request.ResponseSink = this;
        }

        if (timeoutMilliseconds > 0)
        {
            request.DeadlineTimestamp = _time.GetTimestamp() + timeoutMilliseconds * _time.TimestampFrequency / 1000;
        }

        _handler.OnRequest(this, target, request);
    }

    public override string ToString() => $"{(IsOutbound ? "to" : "from")} {Peer}";

    /// <summary>A call sent on this connection, waiting for its response.</summary>
    private readonly record struct PendingCall(GrainRequest Request, GrainId Target);

    /// <summary>A message waiting in the send queue.</summary>
    private readonly record struct Outgoing(MessageKind Kind, long CorrelationId, GrainRequest? Request, GrainId Target, int InterfaceId, Exception? Error);
}

/// <summary>The transport's test seam as one connection uses it: the faults and the address of this end.</summary>
internal sealed record ConnectionFaults(ITransportFaults Seam, SiloAddress Local);
