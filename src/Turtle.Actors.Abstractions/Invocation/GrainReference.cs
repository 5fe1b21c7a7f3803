using System.ComponentModel;

namespace Turtle.Actors.Invocation;

/// <summary>Delivers requests addressed to grain references: the silo's runtime, or a cluster client.</summary>
public interface IGrainCallInvoker
{
    IGrainFactory GrainFactory { get; }

    /// <summary>Queues <paramref name="request"/> for <paramref name="target"/>. Outcomes, including failures, arrive through the request's completion.</summary>
    void Invoke(GrainReference target, GrainRequest request);
}

/// <summary>
/// Base class of generated grain proxies: a typed handle on a <see cref="Actors.GrainId"/>. References compare by
/// grain id, can be stored and passed around, and activate nothing until called.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(GrainId grainId, IGrainCallInvoker invoker)
    {
        GrainId = grainId;
        Invoker = invoker;
    }

    public GrainId GrainId { get; }

    /// <summary>The grain interface this proxy implements (generated).</summary>
    public abstract Type InterfaceType { get; }

    public IGrainCallInvoker Invoker { get; }

    public IGrainFactory Factory => Invoker.GrainFactory;

    /// <summary>Where the invoker last delivered to; lets repeat calls skip the lookup. Owned by the invoker.</summary>
    public object? CachedTarget { get; set; }

    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request)
    {
        var task = request.Task;
        Invoker.Invoke(this, request);
        return task;
    }

    protected void InvokeOneWay(GrainRequest request) => Invoker.Invoke(this, request);

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
