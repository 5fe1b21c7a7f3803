namespace Turtle.Actors;

/// <summary>Creates references to grains and to local observers. References are cheap; activation is virtual.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>Returns a reference to <paramref name="grainId"/> typed as <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable;

    /// <summary>
    /// Makes <paramref name="observer"/> addressable, so grains can push to it. Calls are delivered one at a time.
    /// Keep the object alive and call <see cref="DeleteObjectReference{T}"/> when done.
    /// </summary>
    TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer) where TObserverInterface : IGrainObserver;

    /// <summary>Stops delivery to an observer reference made by <see cref="CreateObjectReference{T}"/>.</summary>
    void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver;
}
