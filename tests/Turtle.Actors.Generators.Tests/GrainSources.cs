namespace Turtle.Actors.Generators.Tests;

/// <summary>Grain sources, one per feature the generator must handle, shared by the compile and runtime tests.</summary>
internal static class GrainSources
{
    public const string Basic = """
        using Turtle.Actors;
        namespace Shop;

        public sealed class Item { public string Name { get; set; } = ""; }

        public interface ICart : IGrainWithStringKey
        {
            Task Clear();
            Task<int> Count();
            ValueTask Touch();
            ValueTask<Item?> Find(string name);
        }
        """;

    public const string Overloads = """
        using Turtle.Actors;
        namespace Maths;

        public interface ICalculator : IGrainWithIntegerKey
        {
            Task<string> Add(int a, int b);
            Task<string> Add(string a, string b);
            Task<string> Add(int a);
            Task<string> Add(long a);
            Task<string> Add();
        }
        """;

    public const string GenericMethods = """
        using Turtle.Actors;
        namespace Echoes;

        public interface IEcho : IGrainWithGuidKey
        {
            Task<T> Echo<T>(T value) where T : class, new();
            Task<T> EchoStruct<T>(T value) where T : struct;
            Task<TKey> EchoKey<TKey>(TKey value) where TKey : notnull;
            Task<T> Max<T>(T a, T b) where T : IComparable<T>;
            Task<KeyValuePair<TKey, TValue>> Pair<TKey, TValue>(TKey key, TValue value) where TKey : notnull where TValue : unmanaged;
        }
        """;

    // T? on a method type parameter means different things under different constraints, and an explicit
    // implementation does not inherit the constraints syntactically, so these are kept apart from the rest.
    public const string GenericMethodsReturningNullable = """
        using Turtle.Actors;
        namespace Echoes;

        public interface ILookup : IGrainWithStringKey
        {
            Task<T?> FindClass<T>(string key) where T : class;
            Task<T?> FindMaybe<T>(string key) where T : class?;
            Task<T?> FindUnmanaged<T>(string key) where T : unmanaged;
            Task<T?> FindStruct<T>(string key) where T : struct;
            Task<T?> FindAny<T>(string key);
            Task<T?> FindNotNull<T>(string key) where T : notnull;
            Task Store<T>(string key, T? value) where T : class;
        }
        """;

    public const string GenericInterface = """
        using Turtle.Actors;
        namespace Storage;

        public interface IBox<T> : IGrainWithStringKey where T : notnull, IComparable<T>
        {
            Task Put(T value);
            Task<T> Take();
            Task<IReadOnlyList<T>> All();
            Task<TOther> Convert<TOther>(T value) where TOther : class;
        }

        public interface IPair<TKey, TValue> : IGrainWithStringKey where TKey : struct where TValue : class?
        {
            Task Set(TKey key, TValue value);
            Task<TValue?> Get(TKey key);
        }

        // A non-generic interface closing a generic one: the inherited methods are implemented with T = int.
        public interface IIntBox : IBox<int>
        {
            Task Reset();
        }
        """;

    public const string Inheritance = """
        using Turtle.Actors;
        namespace People;

        public interface INamed : IGrainWithStringKey
        {
            Task<string> GetName();
        }

        public interface IPerson : INamed
        {
            Task<int> GetAge();
        }

        public interface IEmployee : IPerson, INamed
        {
            new Task<string> GetName();
            Task<string> GetEmployer();
        }
        """;

    public const string CancellationAndNames = """
        using Turtle.Actors;
        namespace Edge;

        public interface IEdge : IGrainWithStringKey
        {
            Task<int> Slow(int delay, CancellationToken cancellationToken);
            Task Wait(CancellationToken cancellationToken = default);
            Task Publish(string @event, object @class, int @in);
            Task<string> Forward(string request, string target);
            Task<string> Shadow(object InvokeAsync, int GrainId);
            Task<string> @event(string @base);
        }
        """;

    public const string MethodAttributes = """
        using Turtle.Actors;
        namespace Sched;

        public interface IScheduled : IGrainWithStringKey
        {
            [OneWay] Task Fire(string message);
            [OneWay] ValueTask FireValue();
            [ReadOnly] Task<int> Peek();
            [AlwaysInterleave] Task Ping();
            [ReadOnly, AlwaysInterleave] ValueTask<int> Both();
            [ResponseTimeout("00:00:05")] Task<string> Slow();
        }
        """;

    public const string Observer = """
        using Turtle.Actors;
        namespace Chat;

        public interface IChatObserver : IGrainObserver
        {
            void Received(string from, string text);
            void Cleared();
            Task<bool> Confirm(int sequence);
        }
        """;

    public const string Keys = """
        using Turtle.Actors;
        namespace Keys;

        public interface IByGuid : IGrainWithGuidKey { Task<Guid> Key(); }

        public interface IByNumber : IGrainWithIntegerKey { Task<long> Key(); }

        internal interface IInternal : IGrainWithStringKey { Task Go(); }

        public static class Outer
        {
            public interface INested : IGrainWithStringKey { Task Go(); }
        }
        """;

    public const string GrainClass = """
        using Turtle.Actors;
        namespace Counters;

        public sealed class CounterState { public int Value { get; set; } }

        public interface IClock { DateTime Now { get; } }

        public interface ICounter : IGrainWithStringKey
        {
            Task<int> Increment();
        }

        [GrainType("custom")]
        [Reentrant]
        public sealed class CounterGrain : Grain, ICounter
        {
            public CounterGrain([PersistentState("state", "store")] IPersistentState<CounterState> state, IGrainFactory factory, IClock clock)
            {
                State = state;
                Factory = factory;
                Clock = clock;
            }

            public IPersistentState<CounterState> State { get; }

            public IGrainFactory Factory { get; }

            public IClock Clock { get; }

            public Task<int> Increment() => Task.FromResult(++State.State.Value);
        }

        public class HelloGrain : Grain, ICounter
        {
            public Task<int> Increment() => Task.FromResult(1);
        }
        """;

    /// <summary>Every case above by name, for theories whose test names should say which feature broke.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [nameof(Basic)] = Basic,
        [nameof(Overloads)] = Overloads,
        [nameof(GenericMethods)] = GenericMethods,
        [nameof(GenericMethodsReturningNullable)] = GenericMethodsReturningNullable,
        [nameof(GenericInterface)] = GenericInterface,
        [nameof(Inheritance)] = Inheritance,
        [nameof(CancellationAndNames)] = CancellationAndNames,
        [nameof(MethodAttributes)] = MethodAttributes,
        [nameof(Observer)] = Observer,
        [nameof(Keys)] = Keys,
        [nameof(GrainClass)] = GrainClass,
    };

    /// <summary>Several of the sources above as one file: file-scoped namespaces become blocks holding their usings.</summary>
    public static string Combine(params string[] sources) => string.Join("\n", sources.Select(source =>
    {
        var lines = source.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        var index = lines.FindIndex(l => l.StartsWith("namespace ", StringComparison.Ordinal));
        var body = lines.Skip(index + 1);
        return string.Join("\n", [lines[index].TrimEnd(';') + " {", .. usings, .. body, "}"]);
    }));
}
