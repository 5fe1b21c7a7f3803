using System.Threading.Channels;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Group commit: writes submitted concurrently are handed to one committer in batches, so a store that pays per
/// transaction (an fsync, a round trip) pays once per batch instead of once per write. While one batch commits the
/// next accumulates, so a lone writer waits for nothing and a busy store commits ever larger batches. Each write
/// completes only after the batch holding it committed; the committer decides each write's own outcome.
/// </summary>
/// <typeparam name="TWrite">What a caller submits.</typeparam>
/// <typeparam name="TResult">What each caller gets back once its write committed.</typeparam>
public sealed class GroupCommitQueue<TWrite, TResult> : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<PendingWrite>, CancellationToken, Task> _commit;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _committer;

    /// <param name="commit">
    /// Commits a batch and completes each write (<see cref="PendingWrite.Succeed"/> or <see cref="PendingWrite.Fail"/>);
    /// when it throws, every write of the batch it left open fails with that exception.
    /// </param>
    /// <param name="maxBatch">The most writes per batch, which bounds one transaction's size and time.</param>
    public GroupCommitQueue(Func<IReadOnlyList<PendingWrite>, CancellationToken, Task> commit, int maxBatch = 1_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _commit = commit;
        _maxBatch = maxBatch;
        _committer = Task.Run(CommitLoopAsync);
    }

    /// <summary>Queues <paramref name="write"/> and completes once the batch holding it committed.</summary>
    public Task<TResult> SubmitAsync(TWrite write)
    {
        var pending = new PendingWrite(write);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue<TWrite, TResult>), "The store is shutting down; the write was not queued.");
        }

        return pending.Completion;
    }

    public async ValueTask DisposeAsync()
    {
        // Writes already queued still commit; new ones are refused.
        _pending.Writer.TryComplete();
        await _committer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await _commit(batch, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                foreach (var write in batch)
                {
                    write.Fail(exception);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>One queued write and its caller's completion.</summary>
    public sealed class PendingWrite(TWrite write)
    {
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TWrite Write { get; } = write;

        internal Task<TResult> Completion => _completion.Task;

        public void Succeed(TResult result) => _completion.TrySetResult(result);

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
