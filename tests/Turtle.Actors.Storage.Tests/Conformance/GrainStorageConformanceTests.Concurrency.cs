using System.Collections.Concurrent;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>Racing writers and provider restarts: the guarantees duplicate activations, failovers and silo restarts rely on.</summary>
public abstract partial class GrainStorageConformanceTests
{
    private const int Writers = 32;
    private const int FencedWriters = 8;
    private const int WritesPerFencedWriter = 200;
    private const long TopFence = 5;

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

    /// <summary>
    /// Eight silos each write their own grain 200 times, presenting the epoch last published, while the fence is raised
    /// 1→5 the way a failover does it: raise, then publish the new epoch. Writes that were checked just before a raise
    /// are in flight when it happens. Every write that succeeded must have committed before any raise past its epoch:
    /// after <c>RaiseFenceAsync(e)</c> returns, the raiser reads each grain; a write presenting less than <c>e</c> that
    /// succeeded but is not yet visible in that read committed after the raise, below the fence, which a fence checked
    /// apart from the write (before it, or from a stale snapshot) lets happen.
    /// </summary>
    [Fact]
    public async Task Under_writers_racing_a_rising_fence_no_write_below_the_fence_commits()
    {
        var id = Enumerable.Range(0, FencedWriters).Select(_ => NewGrainId()).ToArray();
        var instances = new IGrainStorage[FencedWriters];
        for (var i = 0; i < FencedWriters; i++)
        {
            instances[i] = await OpenStorageAsync();
        }

        var fence = FenceOf(Storage);
        long published = await fence.RaiseFenceAsync(1);
        var total = FencedWriters * WritesPerFencedWriter;
        // Raise to e once (e - 1) / TopFence of all attempts are made, so the raises spread over the run.
        var raiseWhen = Enumerable.Range(2, (int)TopFence - 1).ToDictionary(e => (long)e, e => (Attempts: (e - 1) * total / (int)TopFence, Reached: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        var attempts = 0;
        var accepted = new ConcurrentBag<(int Writer, long Presented, int Sequence)>();
        var refused = 0;

        var writers = instances.Select((storage, writer) => Task.Run(async () =>
        {
            var copy = new GrainStateCopy<SampleState>();
            for (var sequence = 0; sequence < WritesPerFencedWriter; sequence++)
            {
                var presented = Interlocked.Read(ref published);
                Epoch.PresentInThisFlow(presented);
                copy.State.Count = sequence;
                try
                {
                    await storage.WriteStateAsync(StateName, id[writer], copy);
                    accepted.Add((writer, presented, sequence));
                }
                catch (StaleEpochException stale)
                {
                    Assert.Equal(StaleEpochCause.ClusterFence, stale.Cause);
                    Interlocked.Increment(ref refused);
                }

                var made = Interlocked.Increment(ref attempts);
                foreach (var point in raiseWhen.Values.Where(p => p.Attempts == made))
                {
                    point.Reached.TrySetResult();
                }
            }

            return copy;
        })).ToArray();

        // What each grain holds (its last committed sequence, -1 for none) once each raise has returned.
        var allWriters = Task.WhenAll(writers);
        var visibleAfterRaise = new Dictionary<long, int[]>();
        foreach (var (epoch, point) in raiseWhen.OrderBy(p => p.Key))
        {
            // Asked of the task, not of WhenAny's answer: Reached runs its continuations asynchronously, so when fast
            // writers (the memory provider) finish the run right after reaching the point, WhenAny can report the
            // writers first although the point was reached (it broke the loop at the first raise on a loaded machine).
            await Task.WhenAny(point.Reached.Task, allWriters);
            if (!point.Reached.Task.IsCompleted)
            {
                break; // a writer failed before the point: its exception is thrown below
            }

            Assert.Equal(epoch, await fence.RaiseFenceAsync(epoch));
            var visible = new int[FencedWriters];
            for (var writer = 0; writer < FencedWriters; writer++)
            {
                var read = await ReadAsync(Storage, id[writer]);
                visible[writer] = read.RecordExists ? read.State.Count : -1;
            }

            visibleAfterRaise[epoch] = visible;
            Interlocked.Exchange(ref published, epoch);
        }

        var copies = await allWriters;
        var belowFenceAtCommit = accepted
            .SelectMany(w => visibleAfterRaise.Where(r => w.Presented < r.Key && w.Sequence > r.Value[w.Writer]).Select(r => $"writer {w.Writer} write {w.Sequence} at epoch {w.Presented} committed after the fence rose to {r.Key}"))
            .ToList();
        Assert.Empty(belowFenceAtCommit);
        Assert.Equal(total, accepted.Count + refused);
        Assert.Equal(TopFence, await fence.ReadFenceAsync());
        Assert.Contains(accepted, w => w.Presented == 1);
        // A refused write changed nothing: each grain holds exactly its writer's last accepted write.
        for (var writer = 0; writer < FencedWriters; writer++)
        {
            var read = await ReadAsync(Storage, id[writer]);
            Assert.Equal(copies[writer].ETag, read.ETag);
            // A writer that started late can see every write refused (a raise landed before its first, and the
            // harness publishes the new epoch only after reading every grain): then nothing of it may be stored.
            var writes = accepted.Where(w => w.Writer == writer).Select(w => w.Sequence).ToList();
            if (writes.Count == 0)
            {
                Assert.False(read.RecordExists, $"writer {writer} had every write refused, yet its grain holds a record");
                continue;
            }

            Assert.Equal(writes.Max(), read.State.Count);
        }
    }
}
