using Turtle.Actors.Utilities;
using Turtle.Twin.Changes;

namespace Turtle.Twin.Changes;

/// <summary>
/// The fleet's change feed: forwards each published change to every subscriber as a one-way call. It keeps no
/// history (a follower that missed events catches up by reading twins and comparing versions); subscriptions expire
/// after <see cref="SubscriptionLifetime"/> unless renewed.
/// </summary>
[Reentrant]
public sealed class ChangeFeedGrain(TimeProvider time) : Grain, IChangeFeedGrain
{
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);

    private readonly ObserverManager<ITwinChangeObserver> _subscribers = new(SubscriptionLifetime, time);

    public Task Publish(TwinChange change)
    {
        if (_subscribers.Count > 0)
        {
            IReadOnlyList<TwinChange> batch = [change];
            _subscribers.Notify(s => s.OnChanges(batch));
        }

        return Task.CompletedTask;
    }

    public Task<TimeSpan> Subscribe(ITwinChangeObserver observer)
    {
        _subscribers.Subscribe(observer);
        return Task.FromResult(SubscriptionLifetime);
    }

    public Task Unsubscribe(ITwinChangeObserver observer)
    {
        _subscribers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
