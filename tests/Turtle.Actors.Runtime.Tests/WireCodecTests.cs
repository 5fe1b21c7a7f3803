using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Runtime.Tests;

/// <summary>
/// A call encoded by the caller's proxy, decoded into a fresh request as a remote silo would, run there, and its
/// outcome encoded back and delivered to the caller's task.
/// </summary>
public class WireCodecTests
{
    private readonly GrainTypeManifest _manifest = new();

    public WireCodecTests() => _manifest.AddAssembly(typeof(ICallGrain).Assembly);

    [Fact]
    public async Task Arguments_and_results_round_trip_through_the_wire_format()
    {
        var (grain, invoker) = Reference<ICallGrain>("wire");

        Assert.Equal(5, await RoundTrip(invoker, () => grain.Add(2, 3)));
        Assert.Equal("ab", await RoundTrip(invoker, () => grain.Add("a", "b")));
        Assert.Equal(9, await RoundTrip(invoker, () => grain.ValueAdd(4, 5).AsTask()));
    }

    [Fact]
    public async Task Complex_values_travel_as_json_and_references_as_grain_ids()
    {
        var (tally, invoker) = Reference<ITallyGrain>("t");
        var state = await RoundTrip(invoker, () => tally.Get(), new FakeTally());
        Assert.Equal(42, state.Total);
        Assert.Equal(["π", "ü"], state.Entries);

        var (room, roomInvoker) = Reference<IChatRoomGrain>("lobby");
        var observer = (IChatObserver)_manifest.CreateReference(typeof(IChatObserver), new GrainId("sys.observer", "abc"), roomInvoker);
        var target = new FakeRoom();
        await RoundTrip(roomInvoker, async () => { await room.Subscribe(observer); return 0; }, target);
        Assert.Equal(observer.GetGrainId(), target.Subscribed!.GetGrainId());
        Assert.IsAssignableFrom<IChatObserver>(target.Subscribed);
    }

    [Fact]
    public async Task Exceptions_keep_their_type_and_message_across_the_wire()
    {
        var (grain, invoker) = Reference<ICallGrain>("boom");
        var error = await Assert.ThrowsAsync<TemperatureOutOfRangeException>(() => RoundTrip(invoker, async () => { await grain.Throw("412 °C"); return 0; }));
        Assert.Equal("412 °C", error.Message);
        Assert.Contains(nameof(FakeCallGrain), error.StackTrace);
    }

    [Fact]
    public void Truncated_frames_fail_with_a_format_error_not_garbage()
    {
        var writer = new MessageWriter();
        writer.WriteString("dc1/udm-pro");
        var truncated = writer.WrittenMemory[..6];
        Assert.Throws<MessageFormatException>(() => new MessageReader(truncated).ReadString());
    }

    private (T Grain, CapturingInvoker Invoker) Reference<T>(string key) where T : IAddressable
    {
        var invoker = new CapturingInvoker(_manifest);
        return ((T)_manifest.CreateReference(typeof(T), new GrainId("test", key), invoker), invoker);
    }

    /// <summary>Encodes the captured request, decodes it into a new one, runs it on a fake grain, and sends the outcome back.</summary>
    private async Task<TResult> RoundTrip<TResult>(CapturingInvoker invoker, Func<Task<TResult>> call, object? target = null)
    {
        var pending = call();
        var (reference, request) = invoker.Captured!.Value;

        using var wire = new MessageWriter();
        request.WriteArguments(wire);
        var interfaceId = InterfaceIds.Get(reference.InterfaceType);
        var remote = _manifest.CreateRequest(interfaceId, request.MethodId);
        remote.ReadArguments(new MessageReader(wire.WrittenMemory, invoker));

        var sink = new CapturingSink();
        remote.ResponseSink = sink;
        await remote.InvokeAsync(target ?? new FakeCallGrain());
        remote.Respond();

        using var response = new MessageWriter();
        sink.Completed!.WriteResult(response);
        request.ReadResult(new MessageReader(response.WrittenMemory, invoker));
        request.Respond();
        return await pending;
    }

    private sealed class CapturingInvoker(GrainTypeManifest manifest) : IGrainCallInvoker, ISerializationContext
    {
        public (GrainReference Reference, GrainRequest Request)? Captured { get; private set; }

        public IGrainFactory GrainFactory => throw new NotSupportedException();

        public void Invoke(GrainReference target, GrainRequest request) => Captured = (target, request);

        public IAddressable CreateReference(Type grainInterface, GrainId grainId) => manifest.CreateReference(grainInterface, grainId, this);
    }

    private sealed class CapturingSink : IResponseSink
    {
        public GrainRequest? Completed { get; private set; }

        public void OnCompleted(GrainRequest request) => Completed = request;
    }

    private sealed class FakeCallGrain : ICallGrain
    {
        public Task<int> Add(int a, int b) => Task.FromResult(a + b);

        public Task<string> Add(string a, string b) => Task.FromResult(a + b);

        public Task<T> Echo<T>(T value) => Task.FromResult(value);

        public ValueTask<int> ValueAdd(int a, int b) => ValueTask.FromResult(a + b);

        public Task Throw(string message) => throw new TemperatureOutOfRangeException(message);

        public Task ThrowSynchronously(string message) => throw new ArgumentException(message);

        public Task Wait(string gate, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WaitBriefly(string gate) => Task.CompletedTask;

        public Task Notify(string entry) => Task.CompletedTask;

        public Task<string> CallOther(string otherKey) => Task.FromResult(otherKey);
    }

    private sealed class FakeTally : ITallyGrain
    {
        public Task<int> Add(string entry, int amount) => Task.FromResult(0);

        public Task<TallyState> Get() => Task.FromResult(new TallyState { Total = 42, Entries = ["π", "ü"] });

        public Task<string?> Etag() => Task.FromResult<string?>(null);

        public Task Clear() => Task.CompletedTask;

        public Task WriteThroughStaleCopy() => Task.CompletedTask;

        public Task Deactivate() => Task.CompletedTask;

        public Task AddUnsaved(int amount) => Task.CompletedTask;
    }

    private sealed class FakeRoom : IChatRoomGrain
    {
        public IChatObserver? Subscribed { get; private set; }

        public Task Subscribe(IChatObserver observer)
        {
            Subscribed = observer;
            return Task.CompletedTask;
        }

        public Task Unsubscribe(IChatObserver observer) => Task.CompletedTask;

        public Task<int> Publish(string message) => Task.FromResult(0);
    }
}
