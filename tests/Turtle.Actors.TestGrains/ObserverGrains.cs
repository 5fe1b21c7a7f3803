namespace Turtle.Actors.TestGrains;

public interface IChatObserver : IGrainObserver
{
    void Receive(string room, string message);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    Task Subscribe(IChatObserver observer);

    Task Unsubscribe(IChatObserver observer);

    Task<int> Publish(string message);
}

/// <summary>Pushes every published message to its subscribers as one-way observer calls.</summary>
public class ChatRoomGrain : Grain, IChatRoomGrain
{
    private readonly HashSet<IChatObserver> _subscribers = [];

    public Task Subscribe(IChatObserver observer)
    {
        _subscribers.Add(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IChatObserver observer)
    {
        _subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task<int> Publish(string message)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Receive(this.GetPrimaryKeyString(), message);
        }

        return Task.FromResult(_subscribers.Count);
    }
}
