namespace Turtle.Actors.TestGrains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task Start(string reminder, TimeSpan due, TimeSpan period);

    Task Stop(string reminder);

    Task<IReadOnlyList<string>> Reminders();

    Task Deactivate();
}

/// <summary>Records every tick it receives in the probe as "tick {key} {reminder} {tick time}".</summary>
public class ReminderGrain(TestProbe probe) : Grain, IReminderGrain, IRemindable
{
    public Task Start(string reminder, TimeSpan due, TimeSpan period) => RegisterOrUpdateReminder(reminder, due, period);

    public async Task Stop(string reminder)
    {
        if (await GetReminder(reminder) is { } registered)
        {
            await UnregisterReminder(registered);
        }
    }

    public async Task<IReadOnlyList<string>> Reminders() => (await GetReminders()).Select(r => r.ReminderName).Order().ToList();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"tick {this.GetPrimaryKeyString()} {reminderName} {status.CurrentTickTime:O}");
        probe.Increment($"ticks {this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }
}
