using System.Collections.Concurrent;
using System.Reflection;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Manifest;

/// <summary>
/// What this process knows about grain types: proxy factories per interface and grain classes per type name,
/// filled by the generated registrars of grain assemblies. Lookups are lock-free; registration is rare.
/// </summary>
public sealed class GrainTypeManifest : IGrainTypeRegistry
{
    private readonly ConcurrentDictionary<Type, Func<GrainId, IGrainCallInvoker, IAddressable>> _proxies = new();
    private readonly ConcurrentDictionary<Type, Type> _genericProxies = new();
    private readonly ConcurrentDictionary<int, (Type Interface, Func<int, GrainRequest?> Create)> _requestFactories = new();
    private readonly ConcurrentDictionary<string, GrainClassDescriptor> _classesByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, GrainClassDescriptor?> _classesByInterface = new();
    private readonly HashSet<Assembly> _registeredAssemblies = [];
    private readonly Lock _registrationLock = new();

    public IEnumerable<GrainClassDescriptor> GrainClasses => _classesByType.Values;

    /// <summary>Registers what <paramref name="assembly"/>'s generated registrar declares. Idempotent.</summary>
    public void AddAssembly(Assembly assembly)
    {
        lock (_registrationLock)
        {
            if (!_registeredAssemblies.Add(assembly))
            {
                return;
            }

            foreach (var attribute in assembly.GetCustomAttributes<GrainTypeRegistrarAttribute>())
            {
                // One-time reflection at start-up (or first use of an interface); never on the call path.
                var registrar = (IGrainTypeRegistrar)Activator.CreateInstance(attribute.RegistrarType)!;
                registrar.Register(this);
            }

            // A silo must decode calls through closed generic interfaces (IBox<int>) even if it never made such a reference.
            var closedGenerics = _classesByType.Values.SelectMany(d => d.Interfaces)
                .Where(i => i.IsConstructedGenericType && !_proxies.ContainsKey(i) && _genericProxies.ContainsKey(i.GetGenericTypeDefinition()));
            foreach (var grainInterface in closedGenerics.ToList())
            {
                RegisterProxyFor(grainInterface);
            }
        }
    }

    void IGrainTypeRegistry.AddProxy<TInterface>(Func<GrainId, IGrainCallInvoker, TInterface> create, Func<int, GrainRequest?> createRequest)
    {
        _proxies.TryAdd(typeof(TInterface), (id, invoker) => create(id, invoker));
        AddRequestFactory(typeof(TInterface), createRequest);
    }

    /// <summary>An empty request for <paramref name="methodId"/> of the interface with <paramref name="interfaceId"/>, to be filled from the wire.</summary>
    public GrainRequest CreateRequest(int interfaceId, int methodId)
    {
        if (!_requestFactories.TryGetValue(interfaceId, out var factory))
        {
            throw new InvalidOperationException($"Interface id {interfaceId} is not known to this process; are both sides running the same grain interface assemblies?");
        }

        return factory.Create(methodId) ?? throw new InvalidOperationException(
            $"Method {methodId} of {factory.Interface.FullName} cannot be called remotely (unknown method, or a generic method).");
    }

    /// <summary>Makes sure requests for <paramref name="grainInterface"/> can be decoded (closes generic proxies on first sight).</summary>
    public void EnsureInterface(Type grainInterface)
    {
        if (!_requestFactories.ContainsKey(InterfaceIds.Get(grainInterface)))
        {
            RegisterProxyFor(grainInterface);
        }
    }

    private void AddRequestFactory(Type grainInterface, Func<int, GrainRequest?> createRequest)
    {
        var id = InterfaceIds.Get(grainInterface);
        var existing = _requestFactories.GetOrAdd(id, (grainInterface, createRequest));
        if (existing.Interface != grainInterface)
        {
            throw new InvalidOperationException($"Grain interfaces {existing.Interface.FullName} and {grainInterface.FullName} hash to the same interface id {id}; rename one.");
        }
    }

    void IGrainTypeRegistry.AddGenericProxy(Type openInterface, Type openProxy) => _genericProxies.TryAdd(openInterface, openProxy);

    void IGrainTypeRegistry.AddGrainClass(GrainClassDescriptor descriptor)
    {
        if (_classesByType.TryGetValue(descriptor.GrainType, out var existing) && existing.GrainClass != descriptor.GrainClass)
        {
            throw new InvalidOperationException(
                $"Grain classes {existing.GrainClass.FullName} and {descriptor.GrainClass.FullName} both use grain type '{descriptor.GrainType}'. Give one of them a [GrainType(\"...\")] attribute.");
        }

        _classesByType[descriptor.GrainType] = descriptor;
        _classesByInterface.Clear();
    }

    public bool TryGetGrainClass(string grainType, out GrainClassDescriptor descriptor) =>
        _classesByType.TryGetValue(grainType, out descriptor!);

    /// <summary>The grain class implementing <paramref name="grainInterface"/>; throws when none or several do.</summary>
    public GrainClassDescriptor GetGrainClass(Type grainInterface)
    {
        var descriptor = _classesByInterface.GetOrAdd(grainInterface, FindGrainClass);
        return descriptor ?? throw new InvalidOperationException(
            $"No grain class implements {grainInterface.FullName}. Is the assembly that holds it registered with the silo (AddGrainAssembly)?");
    }

    public IAddressable CreateReference(Type grainInterface, GrainId grainId, IGrainCallInvoker invoker)
    {
        if (!_proxies.TryGetValue(grainInterface, out var create))
        {
            create = RegisterProxyFor(grainInterface);
        }

        return create(grainId, invoker);
    }

    private GrainClassDescriptor? FindGrainClass(Type grainInterface)
    {
        var matches = _classesByType.Values.Where(d => d.Interfaces.Contains(grainInterface)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new InvalidOperationException(
                $"Several grain classes implement {grainInterface.FullName} ({string.Join(", ", matches.Select(m => m.GrainClass.Name))}); address them by GrainId."),
        };
    }

    private Func<GrainId, IGrainCallInvoker, IAddressable> RegisterProxyFor(Type grainInterface)
    {
        AddAssembly(grainInterface.Assembly);
        if (_proxies.TryGetValue(grainInterface, out var create))
        {
            return create;
        }

        if (grainInterface.IsConstructedGenericType && _genericProxies.TryGetValue(grainInterface.GetGenericTypeDefinition(), out var openProxy))
        {
            // Generic interfaces are closed once per type argument; the delegate is cached like any other proxy.
            var closedProxy = openProxy.MakeGenericType(grainInterface.GenericTypeArguments);
            var constructor = closedProxy.GetConstructor([typeof(GrainId), typeof(IGrainCallInvoker)])!;
            var createRequest = closedProxy.GetMethod("CreateRequest")!.CreateDelegate<Func<int, GrainRequest?>>();
            create = (id, invoker) => (IAddressable)constructor.Invoke([id, invoker]);
            AddRequestFactory(grainInterface, createRequest);
            return _proxies.GetOrAdd(grainInterface, create);
        }

        throw new InvalidOperationException(
            $"No proxy was generated for {grainInterface.FullName}. Grain interfaces must derive from IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey or IGrainObserver, in a project that references Turtle.Actors.Generators.");
    }
}
