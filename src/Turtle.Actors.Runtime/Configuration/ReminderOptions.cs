namespace Turtle.Actors.Configuration;

/// <summary>Reminder settings, bound from <c>Turtle:Reminders</c>.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Turtle:Reminders";

    /// <summary>How often each silo re-reads the reminder table to find the reminders it owns. <value>Default 10 seconds.</value></summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The shortest period a reminder may have (reminders are for minutes and hours; use timers below). <value>Default 1 second.</value></summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
