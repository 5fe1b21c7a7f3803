using System.Globalization;
using Turtle.Actors.Reminders;

namespace Turtle.Actors.Runtime.Reminders;

/// <summary>Reminders in process memory: for tests, and for silos of one process sharing an instance.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId, string), ReminderEntry> _entries = new();
    private readonly Lock _lock = new();
    private long _version;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.ToList());
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.GrainId == grainId).ToList());
        }
    }

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault((grainId, reminderName)));
        }
    }

    public Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var stored = entry with { ETag = (++_version).ToString(CultureInfo.InvariantCulture) };
            _entries[(entry.GrainId, entry.ReminderName)] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = (grainId, reminderName);
            var removed = _entries.TryGetValue(key, out var stored) && stored.ETag == etag && _entries.Remove(key);
            return Task.FromResult(removed);
        }
    }
}
