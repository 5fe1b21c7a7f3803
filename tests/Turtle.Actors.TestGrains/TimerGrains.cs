using Turtle.Actors.Timers;

namespace Turtle.Actors.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer that records "tick" in the probe each period.</summary>
    Task Start(TimeSpan period, bool interleave);

    Task Stop();

    Task Hold(string gate);

    Task<int> Ticks();
}

public class TimerGrain(TestProbe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task Start(TimeSpan period, bool interleave)
    {
        _timer = RegisterGrainTimer(_ =>
        {
            _ticks++;
            probe.Record($"tick {_ticks}");
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(period, period) { Interleave = interleave });
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task Hold(string gate)
    {
        probe.Record($"enter {gate}");
        await probe.Gate(gate);
        probe.Record($"exit {gate}");
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}
