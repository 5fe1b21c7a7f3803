using Turtle.Actors.Testing;
using Turtle.Actors.Utilities;

namespace Turtle.Actors.Runtime.Tests;

public class ObserverManagerTests
{
    [Fact]
    public async Task Subscriptions_expire_unless_renewed_and_failing_subscribers_are_dropped()
    {
        await using var silo = await Silos.StartAsync();
        var time = new ManualTimeProvider();
        var manager = new ObserverManager<IChatObserver>(TimeSpan.FromMinutes(1), time);
        var renewed = silo.GrainFactory.CreateObjectReference<IChatObserver>(new Sink());
        var forgotten = silo.GrainFactory.CreateObjectReference<IChatObserver>(new Sink());
        manager.Subscribe(renewed);
        manager.Subscribe(forgotten);

        time.Advance(TimeSpan.FromSeconds(40));
        manager.Subscribe(renewed);
        time.Advance(TimeSpan.FromSeconds(40));

        var notified = new List<IChatObserver>();
        manager.Notify(notified.Add);
        Assert.Equal([renewed], notified);
        Assert.Equal(1, manager.Count);

        await manager.NotifyAsync(_ => Task.FromException(new ObserverNotFoundException(renewed.GetGrainId())));
        Assert.Equal(0, manager.Count);
    }

    private sealed class Sink : IChatObserver
    {
        public void Receive(string room, string message)
        {
        }
    }
}
