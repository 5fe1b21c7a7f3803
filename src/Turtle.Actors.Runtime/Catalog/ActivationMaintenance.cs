using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Lifecycle;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>
/// Two periodic sweeps over the catalog, driven by the silo's <see cref="TimeProvider"/>: idle collection every
/// <see cref="GrainCollectionOptions.CollectionQuantum"/>, and response deadlines every
/// <see cref="MessagingOptions.ResponseTimeoutCheckPeriod"/>. Sweeping activations rather than arming a timer per
/// call keeps a call's cost to one timestamp.
/// </summary>
internal sealed class ActivationMaintenance(
    ActivationCatalog catalog, TimeProvider time, GrainCollectionOptions collection, MessagingOptions messaging, ILogger logger) : IDisposable
{
    private ITimer? _collectionTimer;
    private ITimer? _deadlineTimer;

    public void Start()
    {
        _collectionTimer = time.CreateTimer(_ => CollectIdle(), null, collection.CollectionQuantum, collection.CollectionQuantum);
        _deadlineTimer = time.CreateTimer(_ => ExpireOverdue(), null, messaging.ResponseTimeoutCheckPeriod, messaging.ResponseTimeoutCheckPeriod);
    }

    /// <summary>Deactivates every activation idle for at least the collection age. Returns how many.</summary>
    public int CollectIdle()
    {
        var now = time.GetTimestamp();
        var collected = 0;
        foreach (var activation in catalog.Activations)
        {
            if (activation.IsIdle(now, collection.CollectionAge))
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle,
                    $"Idle for at least {collection.CollectionAge}."));
                collected++;
            }
        }

        if (collected > 0)
        {
            logger.LogDebug("Collected {Count} idle activations", collected);
        }

        return collected;
    }

    public void ExpireOverdue()
    {
        var now = time.GetTimestamp();
        foreach (var activation in catalog.Activations)
        {
            activation.ExpireOverdueRequests(now);
        }
    }

    public void Dispose()
    {
        _collectionTimer?.Dispose();
        _deadlineTimer?.Dispose();
    }
}
