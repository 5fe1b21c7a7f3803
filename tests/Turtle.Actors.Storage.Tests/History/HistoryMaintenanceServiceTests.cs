using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The maintenance job runs a pass at start and one per period of the (manual) clock, at the clock's time.</summary>
public sealed class HistoryMaintenanceServiceTests
{
    [Fact]
    public async Task A_pass_runs_at_start_and_then_once_per_period_at_the_current_time()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new HistoryOptions { MaintenancePeriod = TimeSpan.FromMinutes(5) };
        var store = new RecordingStore(new MemoryHistoryStore(options, clock));
        using var service = new HistoryMaintenanceService(store, Microsoft.Extensions.Options.Options.Create(options), clock, NullLogger<HistoryMaintenanceService>.Instance);

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(clock.GetUtcNow(), await store.Passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        // The job's timer exists once its first pass is done; only then does advancing the clock fire it.
        await WaitUntilAsync(() => clock.ActiveTimerCount > 0);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(clock.GetUtcNow(), await store.Passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        await service.StopAsync(CancellationToken.None);
        Assert.False(store.Passes.Reader.TryRead(out _));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Reports every maintenance pass's <c>now</c>, then lets the real store do it.</summary>
    private sealed class RecordingStore(IHistoryStore inner) : IHistoryStore
    {
        public Channel<DateTimeOffset> Passes { get; } = Channel.CreateUnbounded<DateTimeOffset>();

        public Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default) => inner.WriteAsync(samples, cancellationToken);

        public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default) =>
            inner.ReadRawAsync(entity, metric, from, to, limit, cancellationToken);

        public async Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            await inner.RollUpAndPruneAsync(now, cancellationToken);
            Passes.Writer.TryWrite(now);
        }
    }
}
