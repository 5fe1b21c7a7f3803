using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Storage;

namespace Turtle.Twin.Failover;

/// <summary>What the failover grain persists: the status (phase, epoch, failed and promoted DC, decision log).</summary>
public sealed class FailoverState
{
    public FailoverStatus Status { get; set; } = new();
}

/// <summary>
/// The failover judge. Each tick (at most one evaluation per report interval, whichever silo ticks) it reads every
/// silo's vantage report from the store, judges each DC and steps the state machine; a step that decides something
/// is written before it is announced, under the state's etag, so a second activation during a membership change
/// cannot decide a second promotion in the same epoch: its write fails and it reloads. Judging memory is in memory on
/// purpose: when each report was first seen is the hosting silo's (<see cref="DcSightings"/>, fed by every silo, so a
/// judge that moves to a silo that was watching all along loses no time); the recovery clock is the activation's (a
/// judge that moves starts counting it again, which delays a demotion and never hastens one).
/// </summary>
public sealed class FailoverGrain(
    [PersistentState("failover")] IPersistentState<FailoverState> state,
    IVantageBoard board,
    DcSightings sightings,
    IStorageFence fence,
    IOptions<FailoverOptions> options,
    TimeProvider time,
    ILogger<FailoverGrain> logger) : Grain, IFailoverGrain
{
    private readonly FailoverPolicy _policy = new(options.Value);
    private TimeSpan? _lastEvaluation;
    private FailoverStatus? _current;
    private long _fenced = -1;

    private FailoverStatus Current => _current ?? state.State.Status;

    public async Task<FailoverStatus> Tick()
    {
        if (!options.Value.Enabled || (_lastEvaluation is { } last && sightings.Now - last < options.Value.ReportInterval * 0.9))
        {
            return Current;
        }

        _lastEvaluation = sightings.Now;
        await FenceAsync();
        sightings.Observe(await board.ReadAllAsync());
        var wallNow = time.GetUtcNow();
        var status = Current;
        var step = sightings.Evaluate((judge, now) => _policy.Step(status, judge.Judge(now, wallNow), dc => judge.LeaseExpired(dc, now), now, wallNow));
        if (step.Decisions.Count == 0)
        {
            _current = step.Status;
            return _current;
        }

        state.State.Status = step.Status;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is InconsistentStateException or StaleEpochException or ReadOnlySiloException)
        {
            // Another judge decided first, or this silo may not write: take the stored status and judge again next tick.
            logger.LogWarning("Failover decision not stored ({Reason}); reloading the stored status", exception.Message);
            await state.ReadStateAsync();
            _current = null;
            return Current;
        }

        _current = step.Status;
        foreach (var decision in step.Decisions)
        {
            logger.LogWarning("Failover epoch {Epoch} {From}→{To}: {Decision} [{Evidence}]", decision.Epoch, decision.From, decision.To, decision.Decision, decision.Evidence);
        }

        await FenceAsync();
        return _current;
    }

    /// <summary>
    /// Raises the store's fence to the status's epoch, after the status that raised the epoch is stored (a fence raised
    /// first, by a judge whose decision then fails, would refuse every write of the cluster, this judge's retry
    /// included, since silos present the epoch of the stored status). Checked every evaluation, so a judge that
    /// stopped between the two writes is caught up by the next one. A promotion waits for the old side's lease, so
    /// the fence is for writes it had checked before it stopped (a paused process), not for its live traffic.
    /// </summary>
    private async Task FenceAsync()
    {
        if (Current.Epoch > _fenced)
        {
            _fenced = await fence.RaiseFenceAsync(Current.Epoch);
        }
    }

    public Task<FailoverStatus> GetStatus() => Task.FromResult(Current);
}
