using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Reminders;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Reminders;

namespace Turtle.Actors.Hosting;

/// <summary>Durable reminders over a reminder table: <c>silo.UseReminders(sp => new MemoryReminderTable())</c>.</summary>
public static class ReminderHostingExtensions
{
    public static ISiloBuilder UseReminders(this ISiloBuilder builder, Func<IServiceProvider, IReminderTable> table)
    {
        var services = builder.Services;
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName);
        services.AddSingleton(table);
        services.TryAddSingleton<ReminderService>();
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ReminderService>());
        services.TryAddSingleton<IReminderRegistry, ReminderRegistry>();
        return builder;
    }

    /// <summary>Reminders in memory: lost when the process ends; pass one table to several in-process silos to share it.</summary>
    public static ISiloBuilder UseMemoryReminders(this ISiloBuilder builder, MemoryReminderTable? table = null)
    {
        var shared = table ?? new MemoryReminderTable();
        return builder.UseReminders(_ => shared);
    }
}
