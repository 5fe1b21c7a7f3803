using System.ComponentModel;

namespace Turtle.Actors.Invocation;

/// <summary>Describes a grain class to the runtime: its type name, its grain interfaces and how to construct it.</summary>
/// <param name="GrainClass">The implementation class.</param>
/// <param name="GrainType">The grain type name used in <see cref="GrainId"/>.</param>
/// <param name="Interfaces">Every grain interface the class implements.</param>
/// <param name="IsReentrant">True when the class carries <see cref="ReentrantAttribute"/>.</param>
/// <param name="Create">Constructs an instance from the silo's services and the activation's context (generated; no reflection).</param>
public sealed record GrainClassDescriptor(
    Type GrainClass,
    string GrainType,
    IReadOnlyList<Type> Interfaces,
    bool IsReentrant,
    Func<IServiceProvider, IGrainContext, object> Create);

/// <summary>Receives what an assembly's generated code registers.</summary>
public interface IGrainTypeRegistry
{
    /// <summary>Registers the proxy of <typeparamref name="TInterface"/> and how to make an empty request for a method id (remote calls).</summary>
    void AddProxy<TInterface>(Func<GrainId, IGrainCallInvoker, TInterface> create, Func<int, GrainRequest?> createRequest) where TInterface : IAddressable;

    /// <summary>Registers the proxy of a generic grain interface; the runtime closes it per type argument (its static <c>CreateRequest</c> included).</summary>
    void AddGenericProxy(Type openInterface, Type openProxy);

    void AddGrainClass(GrainClassDescriptor descriptor);
}

/// <summary>Implemented by the generated registrar of every assembly that declares grain interfaces or grain classes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainTypeRegistrar
{
    void Register(IGrainTypeRegistry registry);
}

/// <summary>Points the runtime at an assembly's generated registrar.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainTypeRegistrarAttribute(Type registrarType) : Attribute
{
    public Type RegistrarType { get; } = registrarType;
}
