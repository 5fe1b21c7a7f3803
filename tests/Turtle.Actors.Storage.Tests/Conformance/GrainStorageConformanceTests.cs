using Turtle.Actors.Storage;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>
/// The grain storage contract, written once: every provider's test class subclasses this suite and says only how to
/// open the provider (<see cref="GrainStorageTestHarness.CreateStorageAsync"/>). This file holds records and etags;
/// the epoch fence and concurrency live beside it, in the other parts of this class.
/// </summary>
public abstract partial class GrainStorageConformanceTests : GrainStorageTestHarness
{
    [Fact]
    public async Task Reading_a_missing_record_gives_a_new_state_a_null_etag_and_no_record()
    {
        var copy = new GrainStateCopy<SampleState> { State = SampleState.Rich(), ETag = "stale", RecordExists = true };
        await Storage.ReadStateAsync(StateName, NewGrainId(), copy);

        SampleState.AssertSame(new SampleState(), copy.State);
        Assert.Null(copy.ETag);
        Assert.False(copy.RecordExists);
    }

    public static TheoryData<string> Payloads => ["rich", "large"];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_written_state_reads_back_equal_with_the_same_etag(string payload)
    {
        var state = payload == "large" ? SampleState.Large() : SampleState.Rich();
        var id = NewGrainId();
        var written = await WriteAsync(id, state);

        var read = await ReadAsync(Storage, id);
        SampleState.AssertSame(state, read.State);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.True(written.RecordExists);
    }

    [Fact]
    public async Task The_etag_changes_on_every_write()
    {
        var id = NewGrainId();
        var copy = new GrainStateCopy<SampleState>();
        var etags = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            copy.State.Count = i;
            await Storage.WriteStateAsync(StateName, id, copy);
            etags.Add(copy.ETag);
        }

        Assert.All(etags, Assert.NotNull);
        Assert.Equal(etags.Count, etags.Distinct().Count());
        Assert.Equal(etags[^1], (await ReadAsync(Storage, id)).ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        var id = NewGrainId();
        var first = await WriteAsync(id, SampleState.Rich(1));
        var staleEtag = first.ETag;
        first.State.Count = 2;
        await Storage.WriteStateAsync(StateName, id, first);

        var stale = new GrainStateCopy<SampleState> { State = SampleState.Rich(99), ETag = staleEtag, RecordExists = true };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal(staleEtag, conflict.CurrentEtag);
        Assert.Equal(staleEtag, stale.ETag);
        await AssertStoredAsync(id, first);
    }

    [Fact]
    public async Task A_write_with_a_null_etag_conflicts_when_a_record_exists()
    {
        var id = NewGrainId();
        var existing = await WriteAsync(id, SampleState.Rich(1));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, new GrainStateCopy<SampleState>()));
        Assert.Equal(existing.ETag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        await AssertStoredAsync(id, existing);
    }

    [Fact]
    public async Task A_write_with_an_etag_conflicts_when_no_record_exists()
    {
        var id = NewGrainId();
        var copy = new GrainStateCopy<SampleState> { ETag = "1", RecordExists = true };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, copy));
        Assert.False((await ReadAsync(Storage, id)).RecordExists);
    }

    [Fact]
    public async Task A_cleared_record_reads_as_missing_and_can_be_written_again_without_reusing_etags()
    {
        var id = NewGrainId();
        var copy = await WriteAsync(id, SampleState.Rich());
        var etagBeforeClear = copy.ETag;
        await Storage.ClearStateAsync(StateName, id, copy);

        Assert.Null(copy.ETag);
        Assert.False(copy.RecordExists);
        SampleState.AssertSame(new SampleState(), copy.State);
        var read = await ReadAsync(Storage, id);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        var again = await WriteAsync(id, SampleState.Rich(3));
        Assert.NotEqual(etagBeforeClear, again.ETag);
        // A holder of the etag from before the clear stays stale for good.
        var stale = new GrainStateCopy<SampleState> { ETag = etagBeforeClear, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));
        await AssertStoredAsync(id, again);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        var id = NewGrainId();
        var current = await WriteAsync(id, SampleState.Rich(1));
        var stale = new GrainStateCopy<SampleState> { ETag = current.ETag, RecordExists = true };
        await Storage.WriteStateAsync(StateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, new GrainStateCopy<SampleState>()));
        await AssertStoredAsync(id, current);
    }

    [Fact]
    public async Task State_names_and_grain_types_and_keys_isolate_records()
    {
        var key = Guid.NewGuid().ToString("N");
        var records = new (string StateName, GrainId Id)[]
        {
            ("a", new GrainId("host", key)),
            ("b", new GrainId("host", key)),
            ("a", new GrainId("link", key)),
            ("a", new GrainId("host", key + "/udm-pro")),
            ("a", new GrainId("host", "")),
        };
        var written = new List<GrainStateCopy<SampleState>>();
        for (var i = 0; i < records.Length; i++)
        {
            var copy = new GrainStateCopy<SampleState> { State = SampleState.Rich(i) };
            await Storage.WriteStateAsync(records[i].StateName, records[i].Id, copy);
            written.Add(copy);
        }

        await Storage.ClearStateAsync(records[0].StateName, records[0].Id, written[0]);
        Assert.False((await ReadAsync(Storage, records[0].Id, records[0].StateName)).RecordExists);
        for (var i = 1; i < records.Length; i++)
        {
            var read = await ReadAsync(Storage, records[i].Id, records[i].StateName);
            Assert.Equal(i, read.State.Count);
            Assert.Equal(written[i].ETag, read.ETag);
        }
    }
}
