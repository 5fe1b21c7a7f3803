using Turtle.Actors.Invocation;

namespace Turtle.Actors.Generators.Tests;

/// <summary>
/// Generated proxies and requests, loaded and run: a call through a proxy becomes one request with the right metadata,
/// and running that request against an implementation calls the right method and completes the caller's task.
/// </summary>
public sealed class RuntimeBehaviourTests
{
    private const string CartImplementation = """

        public sealed class Cart : ICart
        {
            public List<string> Items { get; } = ["apple", "pear", "plum"];
            public Task Clear() { Items.Clear(); return Task.CompletedTask; }
            public Task<int> Count() => Task.FromResult(Items.Count);
            public ValueTask Touch() => default;
            public async ValueTask<Item?> Find(string name)
            {
                await Task.Yield();
                return Items.Contains(name) ? new Item { Name = name } : null;
            }
        }
        """;

    [Fact]
    public async Task A_call_becomes_a_request_that_runs_on_the_target_and_completes_the_callers_task()
    {
        using var grains = LoadedGrains.Load(GrainSources.Basic + CartImplementation);
        var (proxy, invoker) = grains.CreateProxy("Shop.ICart", key: "c1");

        var returned = (Task)Reflect.Call(proxy, grains.Type("Shop.ICart"), "Count")!;

        var (target, request) = Assert.Single(invoker.Calls);
        Assert.Same(proxy, target);
        Assert.Equal(new GrainId("test", "c1"), target.GrainId);
        Assert.Equal("Shop.ICart", request.InterfaceName);
        Assert.Equal("Count", request.MethodName);
        Assert.Equal(InvokeMethodOptions.None, request.Options);
        Assert.Null(request.ResponseTimeout);
        Assert.False(returned.IsCompleted, "The caller's task must wait for the request to run.");

        await request.RunAsync(grains.CreateTarget("Shop.Cart"));

        Assert.Equal(3, await Reflect.ResultOf(returned));
        Assert.True(request.IsCompleted);
    }

    [Fact]
    public async Task ValueTask_methods_carry_arguments_and_complete_asynchronously_implemented_calls()
    {
        using var grains = LoadedGrains.Load(GrainSources.Basic + CartImplementation);
        var (proxy, invoker) = grains.CreateProxy("Shop.ICart");
        var cart = grains.CreateTarget("Shop.Cart");

        var found = Reflect.Call(proxy, grains.Type("Shop.ICart"), "Find", "pear");
        await invoker.Request.RunAsync(cart);

        var item = await Reflect.ResultOf(found);
        Assert.Equal("pear", Reflect.Get(item!, "Name"));
    }

    [Fact]
    public async Task Task_and_ValueTask_methods_without_a_result_run_on_the_target()
    {
        using var grains = LoadedGrains.Load(GrainSources.Basic + CartImplementation);
        var (proxy, invoker) = grains.CreateProxy("Shop.ICart");
        var cart = grains.CreateTarget("Shop.Cart");
        var iface = grains.Type("Shop.ICart");

        var cleared = Reflect.Call(proxy, iface, "Clear");
        var touched = Reflect.Call(proxy, iface, "Touch");
        foreach (var (_, request) in invoker.Calls)
        {
            await request.RunAsync(cart);
        }

        await Reflect.ResultOf(cleared);
        await Reflect.ResultOf(touched);
        Assert.Equal(["Clear", "Touch"], invoker.Calls.Select(c => c.Request.MethodName));
        Assert.Empty((List<string>)Reflect.Get(cart, "Items")!);
    }

    [Fact]
    public async Task A_failing_or_mistargeted_request_faults_the_callers_task_instead_of_throwing()
    {
        const string failing = """

            public sealed class BrokenCart : ICart
            {
                public Task Clear() => throw new InvalidOperationException("clear failed");
                public async Task<int> Count() { await Task.Yield(); throw new TimeoutException("count failed"); }
                public ValueTask Touch() => default;
                public ValueTask<Item?> Find(string name) => default;
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.Basic + failing);
        var (proxy, invoker) = grains.CreateProxy("Shop.ICart");
        var iface = grains.Type("Shop.ICart");

        var cleared = (Task)Reflect.Call(proxy, iface, "Clear")!;
        var counted = (Task)Reflect.Call(proxy, iface, "Count")!;
        var touched = ((ValueTask)Reflect.Call(proxy, iface, "Touch")!).AsTask();
        await invoker.Calls[0].Request.RunAsync(grains.CreateTarget("Shop.BrokenCart"));
        await invoker.Calls[1].Request.RunAsync(grains.CreateTarget("Shop.BrokenCart"));
        await invoker.Calls[2].Request.RunAsync("not a cart");

        Assert.Equal("clear failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => cleared)).Message);
        Assert.Equal("count failed", (await Assert.ThrowsAsync<TimeoutException>(() => counted)).Message);
        await Assert.ThrowsAsync<InvalidCastException>(() => touched);
    }

    [Fact]
    public async Task Overloads_each_get_their_own_request_and_reach_the_matching_implementation()
    {
        const string calculator = """

            public sealed class Calculator : ICalculator
            {
                public Task<string> Add(int a, int b) => Task.FromResult($"int,int:{a + b}");
                public Task<string> Add(string a, string b) => Task.FromResult($"string,string:{a + b}");
                public Task<string> Add(int a) => Task.FromResult($"int:{a}");
                public Task<string> Add(long a) => Task.FromResult($"long:{a}");
                public Task<string> Add() => Task.FromResult("none");
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.Overloads + calculator);
        var iface = grains.Type("Maths.ICalculator");
        var target = grains.CreateTarget("Maths.Calculator");

        async Task<object?> CallAsync(params object[] args)
        {
            var (proxy, invoker) = grains.CreateProxy("Maths.ICalculator");
            var returned = Reflect.Call(proxy, iface, "Add", args);
            Assert.Equal("Add", invoker.Request.MethodName);
            await invoker.Request.RunAsync(target);
            return await Reflect.ResultOf(returned);
        }

        Assert.Equal("int,int:5", await CallAsync(2, 3));
        Assert.Equal("string,string:ab", await CallAsync("a", "b"));
        Assert.Equal("int:7", await CallAsync(7));
        Assert.Equal("long:7", await CallAsync(7L));
        Assert.Equal("none", await CallAsync());
    }

    [Fact]
    public async Task Generic_methods_are_closed_over_the_callers_type_arguments()
    {
        const string echo = """

            public sealed class Echoer : IEcho
            {
                public Task<T> Echo<T>(T value) where T : class, new() => Task.FromResult(value);
                public Task<T> EchoStruct<T>(T value) where T : struct => Task.FromResult(value);
                public Task<TKey> EchoKey<TKey>(TKey value) where TKey : notnull => Task.FromResult(value);
                public Task<T> Max<T>(T a, T b) where T : IComparable<T> => Task.FromResult(a.CompareTo(b) >= 0 ? a : b);
                public Task<KeyValuePair<TKey, TValue>> Pair<TKey, TValue>(TKey key, TValue value) where TKey : notnull where TValue : unmanaged =>
                    Task.FromResult(new KeyValuePair<TKey, TValue>(key, value));
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.GenericMethods + echo);
        var iface = grains.Type("Echoes.IEcho");
        var target = grains.CreateTarget("Echoes.Echoer");

        async Task<object?> CallAsync(string name, Type[] typeArguments, params object[] args)
        {
            var (proxy, invoker) = grains.CreateProxy("Echoes.IEcho");
            var returned = Reflect.CallGeneric(proxy, iface, name, typeArguments, args);
            Assert.Equal(name, invoker.Request.MethodName);
            Assert.Equal(typeArguments, invoker.Request.GetType().GetGenericArguments());
            await invoker.Request.RunAsync(target);
            return await Reflect.ResultOf(returned);
        }

        var list = new List<int> { 1 };
        Assert.Same(list, await CallAsync("Echo", [typeof(List<int>)], list));
        Assert.Equal(42, await CallAsync("EchoStruct", [typeof(int)], 42));
        Assert.Equal("key", await CallAsync("EchoKey", [typeof(string)], "key"));
        Assert.Equal("pear", await CallAsync("Max", [typeof(string)], "apple", "pear"));
        Assert.Equal(new KeyValuePair<string, double>("pi", 3.14), await CallAsync("Pair", [typeof(string), typeof(double)], "pi", 3.14));
    }

    [Fact]
    public async Task Generic_interface_proxies_are_registered_open_and_work_once_closed()
    {
        const string box = """

            public sealed class Box<T> : IBox<T> where T : notnull, IComparable<T>
            {
                private readonly List<T> _items = [];
                public Task Put(T value) { _items.Add(value); return Task.CompletedTask; }
                public Task<T> Take() => Task.FromResult(_items.Max()!);
                public Task<IReadOnlyList<T>> All() => Task.FromResult<IReadOnlyList<T>>(_items);
                public Task<TOther> Convert<TOther>(T value) where TOther : class => Task.FromResult((TOther)(object)value.ToString()!);
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.GenericInterface + box);
        var openInterface = grains.Assembly.GetType("Storage.IBox`1")!;
        var boxOfInt = openInterface.MakeGenericType(typeof(int));
        var invoker = new RecordingInvoker();
        var proxy = Activator.CreateInstance(grains.Registry.GenericProxies[openInterface].MakeGenericType(typeof(int)), new GrainId("box", "1"), invoker)!;
        var target = Activator.CreateInstance(grains.Assembly.GetType("Storage.Box`1")!.MakeGenericType(typeof(int)))!;

        Assert.IsAssignableFrom(boxOfInt, proxy);
        foreach (var value in new[] { 4, 9, 2 })
        {
            Reflect.Call(proxy, boxOfInt, "Put", value);
        }

        var taken = Reflect.Call(proxy, boxOfInt, "Take");
        var converted = Reflect.CallGeneric(proxy, boxOfInt, "Convert", [typeof(string)], 12);
        foreach (var (_, request) in invoker.Calls)
        {
            await request.RunAsync(target);
        }

        Assert.Equal(9, await Reflect.ResultOf(taken));
        Assert.Equal("12", await Reflect.ResultOf(converted));
        Assert.All(invoker.Calls, c => Assert.Equal("Storage.IBox<T>", c.Request.InterfaceName));
    }

    [Fact]
    public async Task Inherited_methods_are_sent_under_their_declaring_interface()
    {
        const string employee = """

            public sealed class Employee : IEmployee
            {
                Task<string> INamed.GetName() => Task.FromResult("named");
                Task<string> IEmployee.GetName() => Task.FromResult("employee");
                public Task<int> GetAge() => Task.FromResult(40);
                public Task<string> GetEmployer() => Task.FromResult("turtle");
            }
            """;
        using var grains = LoadedGrains.Load(GrainSources.Inheritance + employee);
        var (proxy, invoker) = grains.CreateProxy("People.IEmployee");
        var target = grains.CreateTarget("People.Employee");

        var results = new[]
        {
            ("People.INamed", "GetName", "named"),
            ("People.IEmployee", "GetName", "employee"),
            ("People.IPerson", "GetAge", (object)40),
            ("People.IEmployee", "GetEmployer", "turtle"),
        };
        foreach (var (iface, method, expected) in results)
        {
            var returned = Reflect.Call(proxy, grains.Type(iface), method);
            var request = invoker.Calls[^1].Request;
            Assert.Equal((iface, method), (request.InterfaceName, request.MethodName));
            await request.RunAsync(target);
            Assert.Equal(expected, await Reflect.ResultOf(returned));
        }
    }
}
