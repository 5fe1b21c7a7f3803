namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>
/// The cluster fence (<see cref="IStorageFence"/>): a write or clear presenting an epoch below it is refused and changes
/// nothing, whatever epoch its record carries; the fence only rises and every instance over the store sees it.
/// </summary>
public abstract partial class GrainStorageConformanceTests
{
    /// <summary>(fence, epoch the write presents, whether a record exists already). Records are written at epoch 0, before the fence.</summary>
    public static TheoryData<long, long, bool> FenceCases => new()
    {
        { 2, 1, true },
        { 2, 1, false },
        { 5, 0, true },
        { 2, 2, true },
        { 2, 2, false },
        { 2, 3, true },
        { 2, 3, false },
    };

    [Theory]
    [MemberData(nameof(FenceCases))]
    public async Task A_write_is_allowed_only_at_an_epoch_not_below_the_fence_even_on_a_record_from_before_it(long fence, long presented, bool recordExists)
    {
        var id = NewGrainId();
        var copy = recordExists ? await WriteAsync(id, SampleState.Rich(1)) : new GrainStateCopy<SampleState> { State = SampleState.Rich(1) };
        var before = copy.ETag;
        Assert.Equal(fence, await FenceOf(Storage).RaiseFenceAsync(fence));

        Epoch.Current = presented;
        copy.State.Count = 2;
        if (presented >= fence)
        {
            await Storage.WriteStateAsync(StateName, id, copy);
            Assert.NotEqual(before, copy.ETag);
            await AssertStoredAsync(id, copy);
            return;
        }

        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(StaleEpochCause.ClusterFence, fenced.Cause);
        Assert.Equal(fence, fenced.StoredEpoch);
        Assert.Equal(presented, fenced.PresentedEpoch);
        Assert.Equal(id, fenced.GrainId);
        Assert.Contains($"cluster fence is at epoch {fence}", fenced.Message);
        Assert.Equal(before, copy.ETag);
        var read = await ReadAsync(Storage, id);
        Assert.Equal(recordExists, read.RecordExists);
        Assert.Equal(before, read.ETag);
        Assert.Equal(recordExists ? 1 : 0, read.State.Count);
    }

    [Fact]
    public async Task The_fence_starts_at_zero_only_rises_and_every_instance_sees_it()
    {
        var fence = FenceOf(Storage);
        Assert.Equal(0, await fence.ReadFenceAsync());
        Assert.Equal(3, await fence.RaiseFenceAsync(3));
        Assert.Equal(3, await fence.RaiseFenceAsync(2));
        Assert.Equal(3, await fence.RaiseFenceAsync(3));
        Assert.Equal(3, await fence.ReadFenceAsync());

        // Another silo's instance over the same store shares the fence, both ways.
        var other = FenceOf(await OpenStorageAsync());
        Assert.Equal(3, await other.ReadFenceAsync());
        Assert.Equal(7, await other.RaiseFenceAsync(7));
        Assert.Equal(7, await fence.RaiseFenceAsync(4));
        Assert.Equal(7, await fence.ReadFenceAsync());

        Epoch.Current = 6;
        await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, NewGrainId(), new GrainStateCopy<SampleState>()));
    }

    [Fact]
    public async Task A_clear_below_the_fence_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        Epoch.Current = 1;
        var copy = await WriteAsync(id, SampleState.Rich(1));
        await FenceOf(Storage).RaiseFenceAsync(2);

        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.ClearStateAsync(StateName, id, copy));
        Assert.Equal(StaleEpochCause.ClusterFence, fenced.Cause);
        Assert.Equal(2, fenced.StoredEpoch);
        Assert.NotNull(copy.ETag);
        await AssertStoredAsync(id, copy);

        Epoch.Current = 2;
        await Storage.ClearStateAsync(StateName, id, copy);
        Assert.False((await ReadAsync(Storage, id)).RecordExists);
    }

    [Fact]
    public async Task A_fence_raised_between_a_read_and_a_write_refuses_the_write()
    {
        var id = NewGrainId();
        Epoch.Current = 1;
        await WriteAsync(id, SampleState.Rich(1));
        var copy = await ReadAsync(Storage, id);

        // The new authority, on another silo, raises the fence while this silo holds a checked copy.
        await FenceOf(await OpenStorageAsync()).RaiseFenceAsync(2);
        copy.State.Count = 2;
        await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(1, (await ReadAsync(Storage, id)).State.Count);

        // Nothing changed, so the same copy's etag is still good once this silo follows the new epoch.
        Epoch.Current = 2;
        await Storage.WriteStateAsync(StateName, id, copy);
        await AssertStoredAsync(id, copy);
    }

    [Fact]
    public async Task A_write_below_both_the_fence_and_its_record_is_reported_as_fenced()
    {
        var id = NewGrainId();
        Epoch.Current = 7;
        var copy = await WriteAsync(id, SampleState.Rich(1));
        await FenceOf(Storage).RaiseFenceAsync(3);

        Epoch.Current = 2;
        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(StaleEpochCause.ClusterFence, fenced.Cause);
        Assert.Equal(3, fenced.StoredEpoch);

        // Above the fence but below the record: the record's epoch refuses it.
        Epoch.Current = 5;
        fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(StaleEpochCause.Record, fenced.Cause);
        Assert.Equal(7, fenced.StoredEpoch);
    }

    [Fact]
    public async Task Writes_submitted_together_below_and_above_the_fence_each_get_their_own_outcome()
    {
        // Submitted at once so group-committing providers put them in shared batches: a refused write fails alone.
        const int Writes = 40;
        await FenceOf(Storage).RaiseFenceAsync(3);
        var ids = Enumerable.Range(0, Writes).Select(_ => NewGrainId()).ToArray();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = ids.Select((id, i) => Task.Run(async () =>
        {
            Epoch.PresentInThisFlow(i % 2 == 0 ? 2 : 3);
            await go.Task;
            var copy = new GrainStateCopy<SampleState> { State = SampleState.Rich(i) };
            try
            {
                await Storage.WriteStateAsync(StateName, id, copy);
                return (Index: i, Refused: (StaleEpochException?)null);
            }
            catch (StaleEpochException refused)
            {
                return (Index: i, Refused: refused);
            }
        })).ToArray();
        go.SetResult();

        foreach (var (index, refused) in await Task.WhenAll(writes))
        {
            var read = await ReadAsync(Storage, ids[index]);
            if (index % 2 == 0)
            {
                Assert.NotNull(refused);
                Assert.Equal(StaleEpochCause.ClusterFence, refused.Cause);
                Assert.False(read.RecordExists);
            }
            else
            {
                Assert.Null(refused);
                Assert.Equal(index, read.State.Count);
            }
        }
    }
}
