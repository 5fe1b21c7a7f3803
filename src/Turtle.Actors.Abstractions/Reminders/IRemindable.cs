namespace Turtle.Actors;

/// <summary>
/// A grain that receives reminders: durable, periodic wake-ups that survive deactivation and silo restarts. Register
/// with <c>RegisterOrUpdateReminder</c> in the grain; each tick arrives as a call to <see cref="ReceiveReminder"/>,
/// activating the grain if needed.
/// </summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>When a reminder started ticking, its period, and the scheduled time of this tick.</summary>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A registered reminder, as returned by registration and lookup.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
}
