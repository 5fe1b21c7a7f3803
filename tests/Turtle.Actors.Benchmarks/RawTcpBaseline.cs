using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// The transport's physical limit, with no actor runtime: one loopback TCP connection, Pipelines on both ends,
/// length-prefixed frames correlated by id, a send loop that batches and flushes when its queue runs dry, and a
/// server that answers each request frame with a response frame. Frame sizes match a grain call's.
/// </summary>
internal sealed class RawTcpBaseline : IAsyncDisposable
{
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<int>> _pending = new();
    private readonly Channel<(long Id, int Size)> _sends = Channel.CreateUnbounded<(long, int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _responseSize;
    private Socket? _client;
    private long _nextId;

    public RawTcpBaseline(int responseSize) => _responseSize = responseSize;

    public async Task StartAsync()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        var accept = _listener.AcceptAsync();
        _client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _client.ConnectAsync(_listener.LocalEndPoint!);
        var server = await accept;
        server.NoDelay = true;

        var serverStream = new NetworkStream(server, ownsSocket: true);
        _ = Task.Run(() => ServeAsync(PipeReader.Create(serverStream), PipeWriter.Create(serverStream)));
        var clientStream = new NetworkStream(_client, ownsSocket: true);
        _ = Task.Run(() => SendLoopAsync(PipeWriter.Create(clientStream)));
        _ = Task.Run(() => ReceiveLoopAsync(PipeReader.Create(clientStream)));
    }

    public Task<int> CallAsync(int requestSize)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        _sends.Writer.TryWrite((id, requestSize));
        return completion.Task;
    }

    private async Task SendLoopAsync(PipeWriter output)
    {
        while (await _sends.Reader.WaitToReadAsync())
        {
            while (_sends.Reader.TryRead(out var send))
            {
                WriteFrame(output, send.Id, send.Size);
            }

            await output.FlushAsync();
        }
    }

    private async Task ReceiveLoopAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var id))
            {
                if (_pending.TryRemove(id, out var completion))
                {
                    completion.TrySetResult(1);
                }
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(PipeReader input, PipeWriter output)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var id))
            {
                WriteFrame(output, id, _responseSize);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            await output.FlushAsync();
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static void WriteFrame(PipeWriter output, long id, int size)
    {
        var span = output.GetSpan(4 + size);
        BinaryPrimitives.WriteInt32LittleEndian(span, size);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], id);
        span.Slice(12, size - 8).Clear();
        output.Advance(4 + size);
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out long id)
    {
        id = 0;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[12];
        buffer.Slice(0, 4).CopyTo(header);
        var size = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (buffer.Length < 4 + size)
        {
            return false;
        }

        buffer.Slice(4, 8).CopyTo(header[4..]);
        id = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
        buffer = buffer.Slice(4 + size);
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _sends.Writer.TryComplete();
        _client?.Dispose();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
