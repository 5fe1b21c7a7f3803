using System.Threading.Channels;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// The baseline: the same request/response shape with no actor runtime. Each target is a consumer loop reading a
/// <see cref="Channel{T}"/> of requests and completing each request's <see cref="TaskCompletionSource{T}"/>
/// (asynchronous continuations, as grain responses use).
/// </summary>
internal sealed class ChannelBaseline : IAsyncDisposable
{
    private readonly Channel<Request>[] _channels;
    private readonly Task[] _consumers;

    public ChannelBaseline(int targets)
    {
        _channels = Enumerable.Range(0, targets)
            .Select(_ => Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        _consumers = _channels.Select(channel => Task.Run(() => ConsumeAsync(channel))).ToArray();
    }

    public Task<int> CallAsync(int target, int value)
    {
        var request = new Request(value);
        _channels[target].Writer.TryWrite(request);
        return request.Completion.Task;
    }

    private static async Task ConsumeAsync(Channel<Request> channel)
    {
        var sum = 0;
        await foreach (var request in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            request.Completion.TrySetResult(sum += request.Value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Writer.Complete();
        }

        await Task.WhenAll(_consumers).ConfigureAwait(false);
    }

    private sealed class Request(int value)
    {
        public int Value { get; } = value;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
