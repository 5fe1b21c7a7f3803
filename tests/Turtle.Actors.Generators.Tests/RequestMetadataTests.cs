using Turtle.Actors.Invocation;

namespace Turtle.Actors.Generators.Tests;

/// <summary>What requests carry besides arguments: scheduling options, timeouts, one-way delivery and cancellation.</summary>
public sealed class RequestMetadataTests
{
    private const string Scheduled = """

        public sealed class Scheduled : IScheduled
        {
            public List<string> Fired { get; } = [];
            public Task Fire(string message) { Fired.Add(message); return Task.CompletedTask; }
            public ValueTask FireValue() => default;
            public Task<int> Peek() => Task.FromResult(1);
            public Task Ping() => Task.CompletedTask;
            public ValueTask<int> Both() => new(2);
            public Task<string> Slow() => Task.FromResult("slow");
        }
        """;

    [Theory]
    [InlineData("Fire", InvokeMethodOptions.OneWay)]
    [InlineData("FireValue", InvokeMethodOptions.OneWay)]
    [InlineData("Peek", InvokeMethodOptions.ReadOnly)]
    [InlineData("Ping", InvokeMethodOptions.AlwaysInterleave)]
    [InlineData("Both", InvokeMethodOptions.ReadOnly | InvokeMethodOptions.AlwaysInterleave)]
    [InlineData("Slow", InvokeMethodOptions.None)]
    public void Method_attributes_become_request_options(string method, InvokeMethodOptions expected)
    {
        using var grains = LoadedGrains.Load(GrainSources.MethodAttributes + Scheduled);
        var (proxy, invoker) = grains.CreateProxy("Sched.IScheduled");

        Reflect.Call(proxy, grains.Type("Sched.IScheduled"), method, method == "Fire" ? new object?[] { "hello" } : []);

        Assert.Equal(expected, invoker.Request.Options);
        Assert.Equal(expected.HasFlag(InvokeMethodOptions.OneWay), invoker.Request.IsOneWay);
    }

    [Fact]
    public void Response_timeout_attribute_sets_the_requests_timeout_and_only_there()
    {
        using var grains = LoadedGrains.Load(GrainSources.MethodAttributes + Scheduled);
        var (proxy, invoker) = grains.CreateProxy("Sched.IScheduled");
        var iface = grains.Type("Sched.IScheduled");

        Reflect.Call(proxy, iface, "Slow");
        Reflect.Call(proxy, iface, "Peek");

        Assert.Equal(TimeSpan.FromSeconds(5), invoker.Calls[0].Request.ResponseTimeout);
        Assert.Null(invoker.Calls[1].Request.ResponseTimeout);
    }

    [Fact]
    public async Task One_way_calls_return_at_once_and_still_deliver_their_arguments()
    {
        using var grains = LoadedGrains.Load(GrainSources.MethodAttributes + Scheduled);
        var (proxy, invoker) = grains.CreateProxy("Sched.IScheduled");
        var target = grains.CreateTarget("Sched.Scheduled");

        var returned = (Task)Reflect.Call(proxy, grains.Type("Sched.IScheduled"), "Fire", "hello")!;

        Assert.True(returned.IsCompletedSuccessfully, "A one-way call must not wait for the grain.");
        await invoker.Request.RunAsync(target);
        Assert.Equal(["hello"], (List<string>)Reflect.Get(target, "Fired")!);
    }

    [Fact]
    public async Task Void_observer_methods_are_sent_one_way_and_run_on_the_observer()
    {
        const string observer = """

            public sealed class Recorder : IChatObserver
            {
                public List<string> Log { get; } = [];
                public void Received(string from, string text) => Log.Add($"{from}: {text}");
                public void Cleared() => Log.Clear();
                public Task<bool> Confirm(int sequence) => Task.FromResult(sequence > 0);
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.Observer + observer);
        var (proxy, invoker) = grains.CreateProxy("Chat.IChatObserver");
        var iface = grains.Type("Chat.IChatObserver");
        var target = grains.CreateTarget("Chat.Recorder");

        Assert.Null(Reflect.Call(proxy, iface, "Received", "ann", "hi"));
        var confirmed = Reflect.Call(proxy, iface, "Confirm", 3);
        await invoker.Calls[0].Request.RunAsync(target);
        await invoker.Calls[1].Request.RunAsync(target);

        Assert.Equal(("Chat.IChatObserver", "Received", true), (invoker.Calls[0].Request.InterfaceName, invoker.Calls[0].Request.MethodName, invoker.Calls[0].Request.IsOneWay));
        Assert.False(invoker.Calls[1].Request.IsOneWay);
        Assert.Equal(["ann: hi"], (List<string>)Reflect.Get(target, "Log")!);
        Assert.Equal(true, await Reflect.ResultOf(confirmed));
    }

    [Fact]
    public async Task Cancellation_tokens_travel_on_the_request_not_as_arguments_and_reach_the_target()
    {
        using var grains = LoadedGrains.Load(GrainSources.CancellationAndNames + EdgeImplementation);
        var (proxy, invoker) = grains.CreateProxy("Edge.IEdge");
        var target = grains.CreateTarget("Edge.EdgeGrain");
        using var cancellation = new CancellationTokenSource();

        var returned = Reflect.Call(proxy, grains.Type("Edge.IEdge"), "Slow", 7, cancellation.Token);

        Assert.Equal(cancellation.Token, invoker.Request.CancellationToken);
        Assert.DoesNotContain(invoker.Request.GetType().GetFields(), f => f.FieldType == typeof(CancellationToken));
        await invoker.Request.RunAsync(target);
        Assert.Equal(7, await Reflect.ResultOf(returned));
        Assert.Equal(cancellation.Token, Reflect.Get(target, "LastToken"));
    }

    [Fact]
    public async Task Methods_and_parameters_named_like_keywords_or_generated_members_keep_their_values()
    {
        using var grains = LoadedGrains.Load(GrainSources.CancellationAndNames + EdgeImplementation);
        var iface = grains.Type("Edge.IEdge");
        var target = grains.CreateTarget("Edge.EdgeGrain");

        async Task<object?> CallAsync(string method, params object[] args)
        {
            var (proxy, invoker) = grains.CreateProxy("Edge.IEdge");
            var returned = Reflect.Call(proxy, iface, method, args);
            await invoker.Request.RunAsync(target);
            return await Reflect.ResultOf(returned);
        }

        Assert.Equal("req->tgt", await CallAsync("Forward", "req", "tgt"));
        Assert.Equal("thing/5", await CallAsync("Shadow", "thing", 5));
        Assert.Equal("event:b", await CallAsync("event", "b"));
        await CallAsync("Publish", "evt", "cls", 3);
        Assert.Equal("evt/cls/3", Reflect.Get(target, "Published"));
    }

    private const string EdgeImplementation = """

        public sealed class EdgeGrain : IEdge
        {
            public CancellationToken LastToken { get; private set; }
            public string? Published { get; private set; }
            public Task<int> Slow(int delay, CancellationToken cancellationToken) { LastToken = cancellationToken; return Task.FromResult(delay); }
            public Task Wait(CancellationToken cancellationToken = default) { LastToken = cancellationToken; return Task.CompletedTask; }
            public Task Publish(string @event, object @class, int @in) { Published = $"{@event}/{@class}/{@in}"; return Task.CompletedTask; }
            public Task<string> Forward(string request, string target) => Task.FromResult($"{request}->{target}");
            public Task<string> Shadow(object InvokeAsync, int GrainId) => Task.FromResult($"{InvokeAsync}/{GrainId}");
            public Task<string> @event(string @base) => Task.FromResult($"event:{@base}");
        }
        """;
}
