namespace Turtle.Actors.Reminders;

/// <summary>One durable reminder: whose, which, when it first ticks, how often; the etag guards updates and removals.</summary>
public sealed record ReminderEntry(GrainId GrainId, string ReminderName, DateTimeOffset StartAt, TimeSpan Period, string? ETag = null)
    : IGrainReminder
{
    /// <summary>The first scheduled tick at or after <paramref name="now"/>.</summary>
    public DateTimeOffset NextTickAt(DateTimeOffset now)
    {
        if (now <= StartAt)
        {
            return StartAt;
        }

        var periods = (long)Math.Ceiling((now - StartAt).Ticks / (double)Period.Ticks);
        return StartAt + TimeSpan.FromTicks(periods * Period.Ticks);
    }
}

/// <summary>
/// Where reminders are kept (memory for tests; SQLite; PostgreSQL). Every provider passes one conformance suite.
/// </summary>
public interface IReminderTable
{
    /// <summary>Creates or migrates the table. Idempotent and safe to race.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every reminder of the cluster; silos keep the ones they own.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the reminder; returns it with its new etag.</summary>
    Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the reminder if its etag is still <paramref name="etag"/>; false when it changed or is gone.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default);
}
