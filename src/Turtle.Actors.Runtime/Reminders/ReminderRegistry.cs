using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Reminders;

namespace Turtle.Actors.Runtime.Reminders;

/// <summary>Grains' reminder operations: the table holds the truth; the local service is told so it schedules at once.</summary>
internal sealed class ReminderRegistry(IReminderTable table, ReminderService service, IOptions<ReminderOptions> options, TimeProvider time)
    : IReminderRegistry
{
    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period < options.Value.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"Reminder '{reminderName}' has period {period}, below Turtle:Reminders:MinimumPeriod ({options.Value.MinimumPeriod}); use a grain timer for short periods.");
        }

        var stored = await table.UpsertAsync(new ReminderEntry(grainId, reminderName, time.GetUtcNow() + dueTime, period)).ConfigureAwait(false);
        service.OnRegistered(stored);
        return stored;
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder)
    {
        var current = await table.ReadAsync(grainId, reminder.ReminderName).ConfigureAwait(false);
        if (current?.ETag is { } etag)
        {
            await table.RemoveAsync(grainId, reminder.ReminderName, etag).ConfigureAwait(false);
        }

        service.OnUnregistered(grainId, reminder.ReminderName);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName) =>
        await table.ReadAsync(grainId, reminderName).ConfigureAwait(false);

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId) =>
        await table.ReadAsync(grainId).ConfigureAwait(false);
}
