using Turtle.Actors.Lifecycle;

namespace Turtle.Actors.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> Ping();

    Task Deactivate();
}

/// <summary>Counts activations and records deactivation reasons per key.</summary>
public class LifecycleGrain(TestProbe probe) : Grain, ILifecycleGrain
{
    private int _pings;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Yield so concurrent first calls have every chance to race a second activation into existence.
        await Task.Yield();
        probe.Increment($"activate {this.GetPrimaryKeyString()}");
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate {this.GetPrimaryKeyString()} {reason.Code}");
        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(++_pings);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Throws from OnActivateAsync while the probe's "fail" counter is below the key's number.</summary>
public class FailingActivationGrain(TestProbe probe) : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var attempt = probe.Increment($"attempt {this.GetPrimaryKeyString()}");
        if (attempt <= int.Parse(this.GetPrimaryKeyString(), System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"activation attempt {attempt} refused");
        }

        return Task.CompletedTask;
    }

    public Task<string> Hello() => Task.FromResult("hello");
}

public interface ISlowShutdownGrain : IGrainWithStringKey
{
    Task Touch();
}

/// <summary>Holds its deactivation until the test opens the "deactivate" gate: a window to observe a silo mid-shutdown.</summary>
public class SlowShutdownGrain(TestProbe probe) : Grain, ISlowShutdownGrain
{
    public Task Touch() => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record("deactivating");
        await probe.Gate("deactivate");
    }
}
