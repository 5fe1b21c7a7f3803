using Turtle.Actors.Invocation;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Messaging;
using Turtle.Actors.Manifest;

namespace Turtle.Actors.Runtime;

/// <summary>The silo's <see cref="IGrainFactory"/>: makes typed references from the manifest; activates nothing.</summary>
internal sealed class GrainFactory(GrainTypeManifest manifest, ActivationServices services) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainKeys.FromGuid(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainKeys.FromInteger(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable =>
        (TGrainInterface)manifest.CreateReference(typeof(TGrainInterface), grainId, services.Dispatcher);

    public TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer) where TObserverInterface : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("The observer is already a reference; pass the local object instead.", nameof(observer));
        }

        var id = services.Catalog.AddObserver(observer);
        return GetGrain<TObserverInterface>(id);
    }

    public void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver
    {
        if (reference is not GrainReference grainReference || !ObserverIds.IsObserver(grainReference.GrainId))
        {
            throw new ArgumentException("Not an observer reference made by CreateObjectReference.", nameof(reference));
        }

        services.Catalog.RemoveObserver(grainReference.GrainId);
    }

    private TGrainInterface Create<TGrainInterface>(string key) where TGrainInterface : IAddressable
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainType = manifest.GetGrainClass(typeof(TGrainInterface)).GrainType;
        return (TGrainInterface)manifest.CreateReference(typeof(TGrainInterface), new GrainId(grainType, key), services.Dispatcher);
    }
}
