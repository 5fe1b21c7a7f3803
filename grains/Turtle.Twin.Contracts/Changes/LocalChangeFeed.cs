using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Turtle.Twin.Changes;

/// <summary>
/// This process's view of the cluster's change feed: one subscription to <see cref="IChangeFeedGrain"/>, renewed
/// before it expires, fanned out to any number of local readers (server-sent event streams, the dashboard). Each
/// reader has a bounded buffer; a reader that falls behind loses its oldest events and is told how many, rather than
/// slowing the feed for everyone.
/// </summary>
public sealed class LocalChangeFeed(IGrainFactory grains, TimeProvider time, ILogger<LocalChangeFeed> logger) : IHostedService, ITwinChangeObserver
{
    /// <summary>The longest time between renewals: how long events can stop after the feed grain moved.</summary>
    public static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly List<ChangeSubscription> _readers = [];
    private readonly CancellationTokenSource _stopping = new();
    private ITwinChangeObserver? _reference;
    private Task _renewals = Task.CompletedTask;

    /// <summary>Whether the subscription to the cluster's feed is in place (the last attempt succeeded).</summary>
    public bool Connected { get; private set; }

    /// <summary>Starts reading changes whose key starts with <paramref name="keyPrefix"/> (all when null). Dispose to stop.</summary>
    public ChangeSubscription Subscribe(string? keyPrefix = null, int capacity = 4_096)
    {
        var subscription = new ChangeSubscription(this, keyPrefix, capacity);
        lock (_lock)
        {
            _readers.Add(subscription);
        }

        return subscription;
    }

    void ITwinChangeObserver.OnChanges(IReadOnlyList<TwinChange> changes)
    {
        ChangeSubscription[] readers;
        lock (_lock)
        {
            readers = [.. _readers];
        }

        foreach (var reader in readers)
        {
            foreach (var change in changes)
            {
                reader.Offer(change);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ITwinChangeObserver>(this);
        _renewals = RenewAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_reference is not null)
        {
            try
            {
                await grains.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Unsubscribe(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogDebug(exception, "Could not unsubscribe from the change feed while stopping; the subscription will expire");
            }

            grains.DeleteObjectReference<ITwinChangeObserver>(_reference);
        }

        lock (_lock)
        {
            foreach (var reader in _readers)
            {
                reader.Complete();
            }
        }
    }

    internal void Remove(ChangeSubscription subscription)
    {
        lock (_lock)
        {
            _readers.Remove(subscription);
        }
    }

    /// <summary>
    /// Subscribes, then renews every few seconds (well within the lifetime the feed grants): a subscription lives in
    /// the feed grain's memory, so when that activation is replaced (a silo died, a duplicate from an activation race
    /// was removed) events stop until the next renewal. Retries quickly while the cluster is not reachable.
    /// </summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var lifetime = await grains.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Subscribe(_reference!);
                if (!Connected)
                {
                    logger.LogInformation("Following the cluster's change feed");
                }

                Connected = true;
                wait = lifetime / 3 < RenewalPeriod ? lifetime / 3 : RenewalPeriod;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (Connected)
                {
                    logger.LogWarning(exception, "Could not renew the change feed subscription; retrying");
                }

                Connected = false;
                wait = TimeSpan.FromSeconds(1);
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}

/// <summary>One local reader of the change feed: read <see cref="Reader"/>; <see cref="Dropped"/> counts events it lost by falling behind.</summary>
public sealed class ChangeSubscription : IDisposable
{
    private readonly LocalChangeFeed _feed;
    private readonly string? _keyPrefix;
    private readonly Channel<TwinChange> _channel;
    private long _dropped;

    internal ChangeSubscription(LocalChangeFeed feed, string? keyPrefix, int capacity)
    {
        _feed = feed;
        _keyPrefix = keyPrefix;
        _channel = Channel.CreateBounded<TwinChange>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<TwinChange> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(TwinChange change)
    {
        if (_keyPrefix is null || change.Key.StartsWith(_keyPrefix, StringComparison.Ordinal))
        {
            _channel.Writer.TryWrite(change);
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _feed.Remove(this);
        Complete();
    }
}
