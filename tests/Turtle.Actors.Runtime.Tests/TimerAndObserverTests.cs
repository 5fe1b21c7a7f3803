namespace Turtle.Actors.Runtime.Tests;

public class TimerTests
{
    [Fact]
    public async Task A_timer_ticks_each_period_as_a_turn_of_its_grain()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("ticking");
        await grain.Start(TimeSpan.FromSeconds(10), interleave: false);

        for (var expected = 1; expected <= 3; expected++)
        {
            silo.Time!.Advance(TimeSpan.FromSeconds(10));
            var target = expected;
            await WaitForTicks(grain, target);
        }

        await grain.Stop();
        silo.Time!.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(3, await grain.Ticks());
    }

    [Fact]
    public async Task A_tick_waits_for_a_running_call_unless_it_interleaves()
    {
        await using var silo = await Silos.StartAsync();
        var probe = silo.Probe();

        var blocking = silo.GrainFactory.GetGrain<ITimerGrain>("blocking");
        await blocking.Start(TimeSpan.FromSeconds(1), interleave: false);
        var held = blocking.Hold("b");
        await TestProbe.WaitUntil(() => probe.Log.Contains("enter b"));
        silo.Time!.Advance(TimeSpan.FromSeconds(1));
        probe.Open("b");
        await held;
        await WaitForTicks(blocking, 1);
        var log = probe.Log.ToList();
        Assert.True(log.IndexOf("exit b") < log.IndexOf("tick 1"), string.Join(", ", log));

        var interleaving = silo.GrainFactory.GetGrain<ITimerGrain>("interleaving");
        await interleaving.Start(TimeSpan.FromSeconds(1), interleave: true);
        var heldToo = interleaving.Hold("i");
        await TestProbe.WaitUntil(() => probe.Log.Contains("enter i"));
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await TestProbe.WaitUntil(() => probe.Log.Count(e => e == "tick 1") == 2, because: "the interleaving tick runs while the call holds");
        probe.Open("i");
        await heldToo;
    }

    [Fact]
    public async Task Timers_stop_when_the_grain_deactivates()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("stopping");
        await grain.Start(TimeSpan.FromSeconds(1), interleave: false);
        var timersWithGrain = silo.Time!.ActiveTimerCount;

        await silo.Silo.StopAsync();

        Assert.True(silo.Time.ActiveTimerCount < timersWithGrain);
    }

    private static async Task WaitForTicks(ITimerGrain grain, int ticks)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await grain.Ticks() < ticks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timer did not reach {ticks} ticks");
            await Task.Yield();
        }
    }
}

public class ObserverTests
{
    [Fact]
    public async Task An_observer_receives_pushes_until_it_is_deleted()
    {
        await using var silo = await Silos.StartAsync();
        var room = silo.GrainFactory.GetGrain<IChatRoomGrain>("lobby");
        var listener = new Listener();
        var reference = silo.GrainFactory.CreateObjectReference<IChatObserver>(listener);
        await room.Subscribe(reference);

        Assert.Equal(1, await room.Publish("hello"));
        Assert.Equal(1, await room.Publish("world"));
        await TestProbe.WaitUntil(() => listener.Messages.Count == 2);
        Assert.Equal(["lobby: hello", "lobby: world"], listener.Messages);

        silo.GrainFactory.DeleteObjectReference<IChatObserver>(reference);
        await room.Publish("nobody hears this");
        await room.Unsubscribe(reference);
        Assert.Equal(0, await room.Publish("empty room"));
        Assert.Equal(2, listener.Messages.Count);
    }

    [Fact]
    public async Task Observer_calls_are_delivered_one_at_a_time_in_order()
    {
        await using var silo = await Silos.StartAsync(manualClock: false);
        var room = silo.GrainFactory.GetGrain<IChatRoomGrain>("ordered");
        var listener = new Listener();
        await room.Subscribe(silo.GrainFactory.CreateObjectReference<IChatObserver>(listener));

        for (var i = 0; i < 500; i++)
        {
            await room.Publish(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await TestProbe.WaitUntil(() => listener.Messages.Count == 500);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"ordered: {i}"), listener.Messages);
        Assert.Equal(1, listener.MaxInside);
    }

    private sealed class Listener : IChatObserver
    {
        private readonly List<string> _messages = [];
        private int _inside;

        public int MaxInside { get; private set; }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToList();
                }
            }
        }

        public void Receive(string room, string message)
        {
            MaxInside = Math.Max(MaxInside, Interlocked.Increment(ref _inside));
            lock (_messages)
            {
                _messages.Add($"{room}: {message}");
            }

            Interlocked.Decrement(ref _inside);
        }
    }
}
