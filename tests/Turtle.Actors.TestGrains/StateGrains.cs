using Turtle.Actors.Lifecycle;

namespace Turtle.Actors.TestGrains;

public sealed class TallyState
{
    public int Total { get; set; }

    public List<string> Entries { get; set; } = [];
}

public interface ITallyGrain : IGrainWithStringKey
{
    Task<int> Add(string entry, int amount);

    Task<TallyState> Get();

    Task<string?> Etag();

    Task Clear();

    /// <summary>Writes through a second copy of the same record, then through the first: the second write must conflict.</summary>
    Task WriteThroughStaleCopy();

    Task Deactivate();

    /// <summary>Adds without writing; OnDeactivateAsync persists.</summary>
    Task AddUnsaved(int amount);
}

public class TallyGrain(
    [PersistentState("tally")] IPersistentState<TallyState> tally,
    [PersistentState("tally")] IPersistentState<TallyState> staleCopy) : Grain, ITallyGrain
{
    public async Task<int> Add(string entry, int amount)
    {
        tally.State.Total += amount;
        tally.State.Entries.Add(entry);
        await tally.WriteStateAsync();
        return tally.State.Total;
    }

    public Task<TallyState> Get() => Task.FromResult(tally.State);

    public Task<string?> Etag() => Task.FromResult(tally.Etag);

    public Task Clear() => tally.ClearStateAsync();

    public async Task WriteThroughStaleCopy()
    {
        await staleCopy.ReadStateAsync();
        staleCopy.State.Total = -1;
        await staleCopy.WriteStateAsync();
        tally.State.Total += 1;
        await tally.WriteStateAsync();
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task AddUnsaved(int amount)
    {
        tally.State.Total += amount;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        reason.Code == DeactivationReasonCode.ShuttingDown ? tally.WriteStateAsync(cancellationToken) : Task.CompletedTask;
}
