using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Tests;

public class PersistentStateTests
{
    [Fact]
    public async Task State_is_read_on_activation_after_a_deactivation()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITallyGrain>("kept");
        await grain.Add("a", 2);
        await grain.Add("b", 3);
        var etag = await grain.Etag();

        await grain.Deactivate();
        await TestProbe.WaitUntil(() => silo.Silo.ActivationCount == 0);

        var state = await grain.Get();
        Assert.Equal(5, state.Total);
        Assert.Equal(["a", "b"], state.Entries);
        Assert.Equal(etag, await grain.Etag());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_raises_InconsistentStateException_and_stores_nothing()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITallyGrain>("conflict");
        await grain.Add("first", 10);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.WriteThroughStaleCopy());
        Assert.Contains("Etag conflict", conflict.Message);
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);

        // Storage holds what the second copy wrote, not the stale write.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var stored = new GrainStateCopy<TallyState>();
        await storage.ReadStateAsync("tally", grain.GetGrainId(), stored);
        Assert.Equal(-1, stored.State.Total);
    }

    [Fact]
    public async Task Clear_deletes_the_record()
    {
        await using var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITallyGrain>("cleared");
        await grain.Add("x", 1);
        await grain.Clear();
        Assert.Null(await grain.Etag());

        await grain.Deactivate();
        await TestProbe.WaitUntil(() => silo.Silo.ActivationCount == 0);
        Assert.Equal(0, (await grain.Get()).Total);
    }

    [Fact]
    public async Task Graceful_shutdown_lets_grains_persist_in_OnDeactivateAsync()
    {
        var silo = await Silos.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITallyGrain>("shutdown");
        await grain.AddUnsaved(7);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");

        await silo.StopAsync();

        var stored = new GrainStateCopy<TallyState>();
        await storage.ReadStateAsync("tally", grain.GetGrainId(), stored);
        Assert.True(stored.RecordExists);
        Assert.Equal(7, stored.State.Total);
        await silo.DisposeAsync();
    }

    private sealed class GrainStateCopy<T> : IGrainState<T> where T : new()
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
