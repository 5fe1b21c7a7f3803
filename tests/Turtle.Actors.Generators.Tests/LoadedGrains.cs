using System.Reflection;
using System.Runtime.Loader;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Generators.Tests;

/// <summary>
/// A generator run emitted to an in-memory assembly, loaded and registered the way the runtime would: through its
/// <see cref="GrainTypeRegistrarAttribute"/>. Dependencies fall back to the default context, so the loaded code
/// shares Turtle.Actors.Abstractions (and its types) with the tests.
/// </summary>
internal sealed class LoadedGrains : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedGrains(AssemblyLoadContext context, Assembly assembly, RecordingRegistry registry)
    {
        _context = context;
        Assembly = assembly;
        Registry = registry;
    }

    public Assembly Assembly { get; }

    public RecordingRegistry Registry { get; }

    public static LoadedGrains Load(string source)
    {
        var run = GeneratorHarness.Run(source);
        run.AssertCompilesCleanly();

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;

        var context = new AssemblyLoadContext("generated-grains", isCollectible: true);
        var assembly = context.LoadFromStream(image);
        var attribute = Assert.Single(assembly.GetCustomAttributes<GrainTypeRegistrarAttribute>());
        var registrar = Assert.IsAssignableFrom<IGrainTypeRegistrar>(Activator.CreateInstance(attribute.RegistrarType));
        var registry = new RecordingRegistry();
        registrar.Register(registry);
        return new LoadedGrains(context, assembly, registry);
    }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>A proxy for <paramref name="interfaceName"/> made by its registered factory, with its invoker.</summary>
    public (object Proxy, RecordingInvoker Invoker) CreateProxy(string interfaceName, string key = "key")
    {
        var invoker = new RecordingInvoker();
        var create = Registry.Proxies[Type(interfaceName)];
        return (create(new GrainId("test", key), invoker), invoker);
    }

    /// <summary>An instance of a hand-written class from the test source, to run requests against.</summary>
    public object CreateTarget(string fullName) => Activator.CreateInstance(Type(fullName))!;

    public void Dispose() => _context.Unload();
}

/// <summary>Stands in for the runtime's type registry and keeps what the registrar hands it.</summary>
internal sealed class RecordingRegistry : IGrainTypeRegistry
{
    public Dictionary<Type, Func<GrainId, IGrainCallInvoker, object>> Proxies { get; } = [];

    public Dictionary<Type, Type> GenericProxies { get; } = [];

    public List<GrainClassDescriptor> GrainClasses { get; } = [];

    public Dictionary<Type, Func<int, GrainRequest?>> RequestFactories { get; } = [];

    public void AddProxy<TInterface>(Func<GrainId, IGrainCallInvoker, TInterface> create, Func<int, GrainRequest?> createRequest) where TInterface : IAddressable
    {
        Proxies.Add(typeof(TInterface), (id, invoker) => create(id, invoker));
        RequestFactories.Add(typeof(TInterface), createRequest);
    }

    public void AddGenericProxy(Type openInterface, Type openProxy) => GenericProxies.Add(openInterface, openProxy);

    public void AddGrainClass(GrainClassDescriptor descriptor) => GrainClasses.Add(descriptor);
}

/// <summary>Stands in for the runtime's call path: keeps every request instead of delivering it.</summary>
internal sealed class RecordingInvoker : IGrainCallInvoker
{
    public List<(GrainReference Target, GrainRequest Request)> Calls { get; } = [];

    public GrainRequest Request => Assert.Single(Calls).Request;

    public IGrainFactory GrainFactory => throw new NotSupportedException("Not used by generated proxies.");

    public void Invoke(GrainReference target, GrainRequest request) => Calls.Add((target, request));
}
