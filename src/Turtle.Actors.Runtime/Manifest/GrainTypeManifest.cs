using System.Collections.Concurrent;
using System.Reflection;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Runtime.Manifest;

/// <summary>
/// What this process knows about grain types: proxy factories per interface and grain classes per type name,
/// filled by the generated registrars of grain assemblies. Lookups are lock-free; registration is rare.
/// </summary>
public sealed class GrainTypeManifest : IGrainTypeRegistry
{
    private readonly ConcurrentDictionary<Type, Func<GrainId, IGrainCallInvoker, IAddressable>> _proxies = new();
    private readonly ConcurrentDictionary<Type, Type> _genericProxies = new();
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
        }
    }

    void IGrainTypeRegistry.AddProxy<TInterface>(Func<GrainId, IGrainCallInvoker, TInterface> create) =>
        _proxies.TryAdd(typeof(TInterface), (id, invoker) => create(id, invoker));

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
            var constructor = openProxy.MakeGenericType(grainInterface.GenericTypeArguments)
                .GetConstructor([typeof(GrainId), typeof(IGrainCallInvoker)])!;
            create = (id, invoker) => (IAddressable)constructor.Invoke([id, invoker]);
            return _proxies.GetOrAdd(grainInterface, create);
        }

        throw new InvalidOperationException(
            $"No proxy was generated for {grainInterface.FullName}. Grain interfaces must derive from IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey or IGrainObserver, in a project that references Turtle.Actors.Generators.");
    }
}
