using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Runtime.Timers;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>
/// What an activation holds on its grain's behalf: the persistent states bound at construction (read before
/// <c>OnActivateAsync</c>) and the grain timers (all stopped when the activation ends).
/// </summary>
internal sealed class ActivationResources
{
    private readonly Lock _lock = new();
    private List<IStateLoader>? _states;
    private List<IGrainTimerControl>? _timers;

    public void AddState(IStateLoader state)
    {
        lock (_lock)
        {
            (_states ??= []).Add(state);
        }
    }

    public async Task ReadStatesAsync(CancellationToken cancellationToken)
    {
        List<IStateLoader> states;
        lock (_lock)
        {
            states = _states?.ToList() ?? [];
        }

        foreach (var state in states)
        {
            await state.ReadAsync(cancellationToken);
        }
    }

    public void AddTimer(IGrainTimerControl timer)
    {
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }
    }

    public void RemoveTimer(IGrainTimerControl timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public void StopTimers()
    {
        List<IGrainTimerControl>? timers;
        lock (_lock)
        {
            timers = _timers;
            _timers = null;
        }

        foreach (var timer in timers ?? [])
        {
            timer.Stop();
        }
    }
}
