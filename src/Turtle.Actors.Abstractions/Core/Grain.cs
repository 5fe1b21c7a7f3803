using Turtle.Actors.Lifecycle;
using Turtle.Actors.Timers;

namespace Turtle.Actors;

/// <summary>
/// Base class for grain implementations. The runtime creates instances on activation; the
/// <see cref="GrainContext"/> is available from the constructor on, so keys and the factory can be used there.
/// </summary>
public abstract class Grain
{
    [ThreadStatic]
    private static IGrainContext? t_constructing;

    protected Grain()
    {
        GrainContext = t_constructing ?? throw new InvalidOperationException(
            $"{GetType().Name} must be created by the Turtle.Actors runtime; use IGrainFactory.GetGrain to obtain a reference.");
    }

    /// <summary>The activation this instance belongs to.</summary>
    public IGrainContext GrainContext { get; }

    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    protected IServiceProvider ServiceProvider => GrainContext.ServiceProvider;

    /// <summary>Called once, as the first turn of the activation, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called as the last turn of the activation. Not called when the process dies.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn and any interleaved turns complete.</summary>
    protected void DeactivateOnIdle() => GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callback runs as a turn of this grain. Disposed with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        GrainContext.RegisterGrainTimer((_, ct) => callback(ct), (object?)null, options);

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        GrainContext.RegisterGrainTimer(callback, state, options);

    /// <summary>
    /// Registers (or re-schedules) a durable reminder: <see cref="IRemindable.ReceiveReminder"/> is called after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, even after deactivation or a silo restart.
    /// The grain must implement <see cref="IRemindable"/>.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} registers a reminder but does not implement IRemindable.");
        }

        return GrainContext.Reminders.RegisterOrUpdateAsync(GrainContext.GrainId, reminderName, dueTime, period);
    }

    protected Task UnregisterReminder(IGrainReminder reminder) => GrainContext.Reminders.UnregisterAsync(GrainContext.GrainId, reminder);

    protected Task<IGrainReminder?> GetReminder(string reminderName) => GrainContext.Reminders.GetAsync(GrainContext.GrainId, reminderName);

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => GrainContext.Reminders.GetAllAsync(GrainContext.GrainId);

    /// <summary>Runs <paramref name="create"/> with <paramref name="context"/> visible to the <see cref="Grain"/> constructor.</summary>
    internal static object Construct(IGrainContext context, Func<object> create)
    {
        var previous = t_constructing;
        t_constructing = context;
        try
        {
            return create();
        }
        finally
        {
            t_constructing = previous;
        }
    }
}
