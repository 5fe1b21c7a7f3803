using Turtle.Actors.Lifecycle;
using Turtle.Actors.Timers;

namespace Turtle.Actors;

/// <summary>One activation of a grain, as the grain (and generated activation code) sees it.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>A reference to this grain, typed as <see cref="IAddressable"/>; cast with <c>AsReference</c>.</summary>
    IAddressable GrainReference { get; }

    IGrainFactory GrainFactory { get; }

    IServiceProvider ServiceProvider { get; }

    /// <summary>Returns the state bound to <paramref name="stateName"/> in storage provider <paramref name="storageName"/> (null: the default provider). Read before <c>OnActivateAsync</c>.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new();

    void Deactivate(DeactivationReason reason);

    void DelayDeactivation(TimeSpan timeSpan);

    IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);

    /// <summary>The silo's reminder registry (durable reminders for <see cref="IRemindable"/> grains).</summary>
    Reminders.IReminderRegistry Reminders { get; }
}
