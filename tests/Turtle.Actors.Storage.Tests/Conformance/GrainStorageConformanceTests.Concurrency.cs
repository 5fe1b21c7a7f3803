namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>Racing writers and provider restarts: the guarantees duplicate activations and silo restarts rely on.</summary>
public abstract partial class GrainStorageConformanceTests
{
    private const int Writers = 32;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_32_concurrent_writers_holding_the_same_etag_exactly_one_wins(bool recordExists)
    {
        var id = NewGrainId();
        var etag = recordExists ? (await WriteAsync(id, SampleState.Rich(-1))).ETag : null;
        // Each writer has its own provider instance (own connections) where the provider is durable, like separate silos.
        var instances = new IGrainStorage[Writers];
        for (var i = 0; i < Writers; i++)
        {
            instances[i] = await OpenStorageAsync();
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = instances.Select((storage, writer) => Task.Run(async () =>
        {
            var copy = new GrainStateCopy<SampleState> { State = SampleState.Rich(writer), ETag = etag, RecordExists = recordExists };
            await go.Task;
            try
            {
                await storage.WriteStateAsync(StateName, id, copy);
                return (Writer: writer, Won: true, copy.ETag);
            }
            catch (InconsistentStateException)
            {
                return (Writer: writer, Won: false, copy.ETag);
            }
        })).ToArray();
        go.SetResult();
        var results = await Task.WhenAll(attempts);

        var winners = results.Where(r => r.Won).ToList();
        Assert.Single(winners);
        Assert.Equal(Writers - 1, results.Count(r => !r.Won));
        var stored = await ReadAsync(Storage, id);
        Assert.Equal(winners[0].Writer, stored.State.Count);
        Assert.Equal(winners[0].ETag, stored.ETag);
    }

    [Fact]
    public async Task A_new_provider_instance_reads_what_the_previous_one_wrote()
    {
        var id = NewGrainId();
        Epoch.Current = 2;
        var first = await OpenStorageAsync();
        var written = new GrainStateCopy<SampleState> { State = SampleState.Rich() };
        await first.WriteStateAsync(StateName, id, written);
        await DisposeStorageAsync(first);

        var second = await OpenStorageAsync();
        var read = await ReadAsync(second, id);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        SampleState.AssertSame(written.State, read.State);

        // The restarted instance keeps enforcing what the record carries: its etag and its epoch.
        await second.WriteStateAsync(StateName, id, read);
        Epoch.Current = 1;
        await Assert.ThrowsAsync<StaleEpochException>(() => second.WriteStateAsync(StateName, id, read));
    }
}
