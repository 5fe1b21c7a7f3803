using System.Collections.Concurrent;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>
/// The silo's activation table, keyed by grain id. Concurrent first calls race in
/// <see cref="ConcurrentDictionary{TKey,TValue}.GetOrAdd(TKey, Func{TKey,TValue})"/>; only the winning entry
/// is ever activated, because activation starts with the first request it accepts.
/// </summary>
internal sealed class ActivationCatalog(ActivationServices services)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile bool _acceptingActivations;

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> Activations => _activations.Values;

    public void StartAccepting() => _acceptingActivations = true;

    public void StopAccepting() => _acceptingActivations = false;

    public bool Contains(GrainId grainId) => _activations.ContainsKey(grainId);

    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var activation))
        {
            return activation;
        }

        if (ObserverIds.IsObserver(grainId))
        {
            throw new ObserverNotFoundException(grainId);
        }

        if (!_acceptingActivations)
        {
            throw new SiloUnavailableException($"The silo is not accepting new activations (it is starting or shutting down); grain {grainId} was not activated.");
        }

        if (!services.Manifest.TryGetGrainClass(grainId.Type, out var descriptor))
        {
            throw new InvalidOperationException($"Unknown grain type '{grainId.Type}' in grain id {grainId}: no registered grain class has that type name.");
        }

        return _activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.descriptor, state.services), (descriptor, services));
    }

    public GrainId AddObserver(object observer)
    {
        var id = ObserverIds.Create(services.LocalSilo);
        _activations[id] = new ActivationData(id, observer, services);
        return id;
    }

    /// <summary>
    /// Pins <paramref name="target"/> under a well-known id on this silo (a system target): calls to that id are
    /// always answered here, one at a time, and it is never collected.
    /// </summary>
    public void AddSystemTarget(GrainId id, object target) => _activations[id] = new ActivationData(id, target, services);

    public void RemoveObserver(GrainId observerId)
    {
        if (_activations.TryRemove(observerId, out var activation))
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "Observer reference deleted."));
        }
    }

    /// <summary>Removes <paramref name="activation"/> if it is still the table's entry for its grain.</summary>
    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Deactivates every activation and waits until all have ended (or <paramref name="cancellationToken"/> fires).</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Deactivating grains may still call others; repeat until the table stays empty.
        while (!_activations.IsEmpty && !cancellationToken.IsCancellationRequested)
        {
            var round = _activations.Values.ToList();
            foreach (var activation in round)
            {
                activation.Deactivate(reason);
            }

            await Task.WhenAll(round.Select(a => a.Ended)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
