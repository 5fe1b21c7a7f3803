namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>Record epochs: a write or clear presenting an epoch below the record's is refused and changes nothing.</summary>
public abstract partial class GrainStorageConformanceTests
{
    /// <summary>(epoch of the stored record, epoch the next write presents, whether that write is allowed).</summary>
    public static TheoryData<long, long, bool> EpochCases => new()
    {
        { 0, 1, true },
        { 3, 5, true },
        { 5, 5, true },
        { 5, 4, false },
        { 7, 0, false },
    };

    [Theory]
    [MemberData(nameof(EpochCases))]
    public async Task A_write_is_allowed_only_at_an_epoch_not_below_the_stored_one(long stored, long presented, bool allowed)
    {
        var id = NewGrainId();
        Epoch.Current = stored;
        var copy = await WriteAsync(id, SampleState.Rich(1));
        var before = copy.ETag;

        Epoch.Current = presented;
        copy.State.Count = 2;
        if (allowed)
        {
            await Storage.WriteStateAsync(StateName, id, copy);
            Assert.NotEqual(before, copy.ETag);
            await AssertStoredAsync(id, copy);
            return;
        }

        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(StaleEpochCause.Record, fenced.Cause);
        Assert.Equal(stored, fenced.StoredEpoch);
        Assert.Equal(presented, fenced.PresentedEpoch);
        Assert.Equal(id, fenced.GrainId);
        Assert.Equal(StateName, fenced.StateName);
        Assert.Contains(id.ToString(), fenced.Message);
        Assert.Equal(before, copy.ETag);
        var read = await ReadAsync(Storage, id);
        Assert.Equal(before, read.ETag);
        Assert.Equal(1, read.State.Count);
    }

    [Fact]
    public async Task A_successful_write_stores_its_epoch_so_the_fence_rises_with_it()
    {
        var id = NewGrainId();
        Epoch.Current = 2;
        var copy = await WriteAsync(id, SampleState.Rich(1));
        Epoch.Current = 5;
        await Storage.WriteStateAsync(StateName, id, copy);

        // Epoch 4 would pass a fence of 2: refused only because the write at 5 stored 5.
        Epoch.Current = 4;
        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.Equal(5, fenced.StoredEpoch);
    }

    [Fact]
    public async Task A_stale_epoch_is_reported_before_a_stale_etag()
    {
        var id = NewGrainId();
        var old = await WriteAsync(id, SampleState.Rich(1));
        var current = new GrainStateCopy<SampleState> { State = old.State, ETag = old.ETag };
        Epoch.Current = 3;
        await Storage.WriteStateAsync(StateName, id, current);

        Epoch.Current = 1;
        await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, old));
        await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, new GrainStateCopy<SampleState>()));
        Epoch.Current = 3;
        await AssertStoredAsync(id, current);
    }

    [Fact]
    public async Task A_clear_at_a_lower_epoch_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        Epoch.Current = 4;
        var copy = await WriteAsync(id, SampleState.Rich(1));

        Epoch.Current = 3;
        var fenced = await Assert.ThrowsAsync<StaleEpochException>(() => Storage.ClearStateAsync(StateName, id, copy));
        Assert.Equal(4, fenced.StoredEpoch);
        Assert.NotNull(copy.ETag);
        await AssertStoredAsync(id, copy);
    }

    [Fact]
    public async Task A_cleared_record_still_fences_writers_from_an_older_epoch()
    {
        var id = NewGrainId();
        Epoch.Current = 6;
        var copy = await WriteAsync(id, SampleState.Rich(1));
        await Storage.ClearStateAsync(StateName, id, copy);

        // The old side believes no record exists and inserts: the cleared record's epoch must still stop it.
        Epoch.Current = 5;
        await Assert.ThrowsAsync<StaleEpochException>(() => Storage.WriteStateAsync(StateName, id, new GrainStateCopy<SampleState>()));
        Assert.False((await ReadAsync(Storage, id)).RecordExists);

        Epoch.Current = 6;
        var again = await WriteAsync(id, SampleState.Rich(2));
        await AssertStoredAsync(id, again);
    }
}
