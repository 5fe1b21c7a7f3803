using System.Collections.Concurrent;

namespace Turtle.Actors.Runtime.Directory;

/// <summary>The directory of a single silo, or of the silos of an in-process test cluster sharing one instance: an in-memory map.</summary>
public sealed class LocalGrainDirectory : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _entries = new();

    public ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.GetOrAdd(address.GrainId, address));

    public ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default)
    {
        _entries.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, address));
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveSiloAsync(Turtle.Actors.Messaging.SiloAddress silo, CancellationToken cancellationToken = default)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.Silo == silo)
            {
                _entries.TryRemove(entry);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryGetValue(grainId, out var address) ? address : (GrainAddress?)null);
}
