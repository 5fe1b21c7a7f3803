using System.Reflection;
using Turtle.Actors.Invocation;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Timers;

namespace Turtle.Actors.Generators.Tests;

/// <summary>Generated grain class registrations: descriptor contents, and a factory that builds the grain from context and services.</summary>
public sealed class GrainClassTests
{
    private const string Clock = """

        public sealed class FixedClock : IClock
        {
            public DateTime Now => new(2024, 1, 1);
        }
        """;

    [Fact]
    public void Descriptors_name_the_class_its_grain_type_interfaces_and_reentrancy()
    {
        using var grains = LoadedGrains.Load(GrainSources.GrainClass + Clock);
        var counter = grains.Type("Counters.ICounter");

        var custom = Assert.Single(grains.Registry.GrainClasses, d => d.GrainClass == grains.Type("Counters.CounterGrain"));
        var hello = Assert.Single(grains.Registry.GrainClasses, d => d.GrainClass == grains.Type("Counters.HelloGrain"));

        Assert.Equal(("custom", true), (custom.GrainType, custom.IsReentrant));
        Assert.Equal([counter], custom.Interfaces);
        Assert.Equal(("hello", false), (hello.GrainType, hello.IsReentrant));
        Assert.Equal(2, grains.Registry.GrainClasses.Count);
    }

    [Fact]
    public void Factory_binds_persistent_state_by_name_the_grain_factory_and_services()
    {
        using var grains = LoadedGrains.Load(GrainSources.GrainClass + Clock);
        var descriptor = Assert.Single(grains.Registry.GrainClasses, d => d.GrainType == "custom");
        var clock = grains.CreateTarget("Counters.FixedClock");
        var services = new FakeServices { [grains.Type("Counters.IClock")] = clock };
        var context = new FakeGrainContext(services);

        var grain = Construct(context, () => descriptor.Create(services, context));

        Assert.IsType(grains.Type("Counters.CounterGrain"), grain);
        Assert.Equal([("state", (string?)"store")], context.StatesRequested);
        Assert.Same(context.States.Single(), Reflect.Get(grain, "State"));
        Assert.Same(context.GrainFactory, Reflect.Get(grain, "Factory"));
        Assert.Same(clock, Reflect.Get(grain, "Clock"));
        Assert.Same(context, ((Grain)grain).GrainContext);
    }

    [Fact]
    public void Factory_fails_clearly_when_a_required_service_is_missing()
    {
        using var grains = LoadedGrains.Load(GrainSources.GrainClass + Clock);
        var descriptor = Assert.Single(grains.Registry.GrainClasses, d => d.GrainType == "custom");
        var services = new FakeServices();
        var context = new FakeGrainContext(services);

        var exception = Assert.Throws<InvalidOperationException>(() => Construct(context, () => descriptor.Create(services, context)));
        Assert.Contains("IClock", exception.Message);
    }

    [Fact]
    public void Optional_constructor_parameters_take_their_declared_defaults_when_no_service_is_registered()
    {
        const string source = """
            using Turtle.Actors;
            namespace Options;
            public enum Mode { Quiet, Loud }
            public interface ITuned : IGrainWithStringKey { System.Threading.Tasks.Task Ping(); }
            public class TunedGrain(int retries = 3, int? limit = 7, string name = "tuned", Mode mode = Mode.Loud, double? ratio = null) : Grain, ITuned
            {
                public int Retries => retries;
                public int? Limit => limit;
                public string Name => name;
                public Mode Mode => mode;
                public double? Ratio => ratio;
                public System.Threading.Tasks.Task Ping() => System.Threading.Tasks.Task.CompletedTask;
            }
            """;
        using var grains = LoadedGrains.Load(source);
        var descriptor = Assert.Single(grains.Registry.GrainClasses);
        var services = new FakeServices { [typeof(string)] = "from services" };
        var context = new FakeGrainContext(services);

        var grain = Construct(context, () => descriptor.Create(services, context));

        Assert.Equal(3, Reflect.Get(grain, "Retries"));
        Assert.Equal(7, Reflect.Get(grain, "Limit"));
        Assert.Equal("from services", Reflect.Get(grain, "Name"));
        Assert.Equal("Loud", Reflect.Get(grain, "Mode")!.ToString());
        Assert.Null(Reflect.Get(grain, "Ratio"));
    }

    // The runtime wraps factories in Grain.Construct so the Grain constructor can see its context; it is internal.
    private static object Construct(IGrainContext context, Func<object> create)
    {
        var construct = typeof(Grain).GetMethod("Construct", BindingFlags.NonPublic | BindingFlags.Static)!;
        try
        {
            return construct.Invoke(null, [context, create])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    private sealed class FakeServices : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType) => TryGetValue(serviceType, out var service) ? service : null;
    }

    private sealed class FakeGrainContext(IServiceProvider services) : IGrainContext
    {
        public List<(string StateName, string? StorageName)> StatesRequested { get; } = [];

        public List<object> States { get; } = [];

        public GrainId GrainId { get; } = new("custom", "1");

        public IAddressable GrainReference => throw new NotSupportedException();

        public IGrainFactory GrainFactory { get; } = new FakeGrainFactory();

        public IServiceProvider ServiceProvider => services;

        public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new()
        {
            StatesRequested.Add((stateName, storageName));
            var state = new FakeState<TState>();
            States.Add(state);
            return state;
        }

        public Turtle.Actors.Reminders.IReminderRegistry Reminders => throw new NotSupportedException();

        public void Deactivate(DeactivationReason reason) => throw new NotSupportedException();

        public void DelayDeactivation(TimeSpan timeSpan) => throw new NotSupportedException();

        public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
            throw new NotSupportedException();
    }

    private sealed class FakeState<TState> : IPersistentState<TState> where TState : new()
    {
        public TState State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => false;

        public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class FakeGrainFactory : IGrainFactory
    {
        public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();

        public TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer) where TObserverInterface : IGrainObserver =>
            throw new NotSupportedException();

        public void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver =>
            throw new NotSupportedException();
    }
}
