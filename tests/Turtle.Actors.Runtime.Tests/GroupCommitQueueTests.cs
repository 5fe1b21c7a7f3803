using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Runtime.Tests;

public class GroupCommitQueueTests
{
    [Fact]
    public async Task Writes_arriving_during_a_commit_share_the_next_one_and_each_gets_its_own_result()
    {
        var batches = new List<int>();
        var firstCommit = new TaskCompletionSource();
        await using var queue = new GroupCommitQueue<int, string>(async (batch, _) =>
        {
            batches.Add(batch.Count);
            if (batches.Count == 1)
            {
                await firstCommit.Task; // hold the first commit while the others queue up
            }

            foreach (var write in batch)
            {
                write.Succeed($"stored {write.Write}");
            }
        });

        var first = queue.SubmitAsync(0);
        await TestProbe.WaitUntil(() => batches.Count == 1);
        var rest = Enumerable.Range(1, 50).Select(queue.SubmitAsync).ToArray();
        firstCommit.SetResult();

        Assert.Equal("stored 0", await first);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"stored {i}"), await Task.WhenAll(rest));
        Assert.Equal([1, 50], batches);
    }

    [Fact]
    public async Task A_write_refused_on_its_own_fails_alone_and_a_failed_commit_fails_its_whole_batch()
    {
        var commits = 0;
        await using var queue = new GroupCommitQueue<int, int>((batch, _) =>
        {
            if (++commits == 2)
            {
                throw new IOException("disk gone");
            }

            foreach (var write in batch)
            {
                if (write.Write < 0)
                {
                    write.Fail(new ArgumentOutOfRangeException(nameof(write), "negative"));
                }
                else
                {
                    write.Succeed(write.Write);
                }
            }

            return Task.CompletedTask;
        });

        Assert.Equal(1, await queue.SubmitAsync(1));
        await Assert.ThrowsAsync<IOException>(() => queue.SubmitAsync(2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SubmitAsync(-3));
        Assert.Equal(4, await queue.SubmitAsync(4));
    }

    [Fact]
    public async Task At_most_max_batch_writes_share_one_commit()
    {
        var sizes = new List<int>();
        var gate = new TaskCompletionSource();
        await using var queue = new GroupCommitQueue<int, bool>(async (batch, _) =>
        {
            sizes.Add(batch.Count);
            await gate.Task;
            foreach (var write in batch)
            {
                write.Succeed(true);
            }
        }, maxBatch: 10);

        var first = queue.SubmitAsync(0);
        await TestProbe.WaitUntil(() => sizes.Count == 1);
        var rest = Enumerable.Range(1, 25).Select(queue.SubmitAsync).ToArray();
        gate.SetResult();
        await first;
        await Task.WhenAll(rest);

        Assert.Equal([1, 10, 10, 5], sizes);
    }
}
