namespace Turtle.Actors.Reminders;

/// <summary>What grains use to manage their reminders; the silo implements it over its <see cref="IReminderTable"/>.</summary>
public interface IReminderRegistry
{
    Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(GrainId grainId, IGrainReminder reminder);

    Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId);
}
