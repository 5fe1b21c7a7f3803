using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// Merges batches written concurrently (each twin writes its own few dozen samples) into one write of the store
/// underneath: one SQLite transaction or one PostgreSQL COPY for many grains. Each caller's batch is validated on its
/// own first, so one bad batch never fails another's; a caller returns once its samples are stored.
/// </summary>
public sealed class GroupCommitHistoryStore : IHistoryStore, IAsyncDisposable
{
    /// <summary>The most caller batches merged into one write.</summary>
    public const int MaxMergedBatches = 500;

    private readonly IHistoryStore _inner;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly GroupCommitQueue<IReadOnlyList<Sample>, bool> _writes;

    public GroupCommitHistoryStore(IHistoryStore inner, HistoryOptions options, TimeProvider time)
    {
        _inner = inner;
        _options = options;
        _time = time;
        _writes = new GroupCommitQueue<IReadOnlyList<Sample>, bool>(WriteMergedAsync, MaxMergedBatches);
    }

    public async Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        SampleBatchValidator.Validate(samples, _options, _time.GetUtcNow());
        if (samples.Count > 0)
        {
            await _writes.SubmitAsync(samples);
        }
    }

    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) => _inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default) =>
        _inner.ReadRawAsync(entity, metric, from, to, limit, cancellationToken);

    public Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => _inner.RollUpAndPruneAsync(now, cancellationToken);

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    private async Task WriteMergedAsync(IReadOnlyList<GroupCommitQueue<IReadOnlyList<Sample>, bool>.PendingWrite> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 1)
        {
            await _inner.WriteAsync(batch[0].Write, cancellationToken);
            batch[0].Succeed(true);
            return;
        }

        var merged = new List<Sample>(batch.Sum(b => b.Write.Count));
        foreach (var write in batch)
        {
            merged.AddRange(write.Write);
        }

        try
        {
            await _inner.WriteAsync(merged, cancellationToken);
        }
        catch (InvalidSampleException)
        {
            // Valid when queued, refused now (a sample reached the edge of the accepted window meanwhile): write each
            // batch alone so only the one holding it fails.
            foreach (var write in batch)
            {
                try
                {
                    await _inner.WriteAsync(write.Write, cancellationToken);
                    write.Succeed(true);
                }
                catch (InvalidSampleException exception)
                {
                    write.Fail(exception);
                }
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Succeed(true);
        }
    }
}
