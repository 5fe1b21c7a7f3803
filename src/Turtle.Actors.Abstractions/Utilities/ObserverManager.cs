namespace Turtle.Actors.Utilities;

/// <summary>
/// The subscribers of a grain, as Orleans' ObserverManager keeps them: each subscription expires unless renewed
/// within <see cref="Expiration"/> (subscribers re-subscribe periodically, so one that went away without
/// unsubscribing is forgotten), and a notification that fails drops its subscriber. Use it inside a grain's turns;
/// it is not thread-safe by design, as grain state is not.
/// </summary>
public sealed class ObserverManager<TObserver>(TimeSpan expiration, TimeProvider? time = null) where TObserver : IAddressable
{
    private readonly Dictionary<TObserver, DateTimeOffset> _subscribers = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How long a subscription lasts without being renewed.</summary>
    public TimeSpan Expiration { get; } = expiration;

    public int Count => _subscribers.Count;

    public IReadOnlyCollection<TObserver> Observers => _subscribers.Keys;

    /// <summary>Adds <paramref name="observer"/>, or renews its subscription.</summary>
    public void Subscribe(TObserver observer) => _subscribers[observer] = _time.GetUtcNow();

    public void Unsubscribe(TObserver observer) => _subscribers.Remove(observer);

    /// <summary>
    /// Calls <paramref name="notify"/> for every live subscriber, after forgetting expired ones. For one-way observer
    /// methods the call returns at once; for awaited ones, a subscriber whose call throws is dropped.
    /// </summary>
    public async Task NotifyAsync(Func<TObserver, Task> notify)
    {
        RemoveExpired();
        List<TObserver>? failed = null;
        foreach (var observer in _subscribers.Keys.ToList())
        {
            try
            {
                await notify(observer).ConfigureAwait(true);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                (failed ??= []).Add(observer);
            }
        }

        foreach (var observer in failed ?? [])
        {
            _subscribers.Remove(observer);
        }
    }

    /// <summary>Calls <paramref name="notify"/> for every live subscriber (one-way observer methods), after forgetting expired ones.</summary>
    public void Notify(Action<TObserver> notify)
    {
        RemoveExpired();
        foreach (var observer in _subscribers.Keys)
        {
            notify(observer);
        }
    }

    /// <summary>Forgets subscriptions not renewed within <see cref="Expiration"/>; returns how many.</summary>
    public int RemoveExpired()
    {
        var cutoff = _time.GetUtcNow() - Expiration;
        var expired = _subscribers.Where(s => s.Value < cutoff).Select(s => s.Key).ToList();
        foreach (var observer in expired)
        {
            _subscribers.Remove(observer);
        }

        return expired.Count;
    }
}
