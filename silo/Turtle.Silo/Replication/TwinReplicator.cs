using Microsoft.Extensions.Options;
using Turtle.Twin;
using Turtle.Twin.Changes;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Silo.Replication;

/// <summary>
/// Keeps this silo's replicas following the cluster's change feed: changes are coalesced per twin (a busy host
/// changes every few seconds; the replica needs only its newest version) and each changed twin is read from its
/// grain once per pass. At start it loads the snapshot on disk (so reads are answered at once), then compares every
/// twin's version with its replica's (the catch-up after a restart), and again every
/// <see cref="ReplicationOptions.FullSyncInterval"/> for anything the feed dropped while the link was cut.
/// </summary>
public sealed class TwinReplicator(
    ReplicaSet replicas,
    GrainTwinSource twins,
    LocalChangeFeed feed,
    ReplicationLag lag,
    ReplicaSnapshotFile snapshot,
    IOptions<ReplicationOptions> options,
    TimeProvider time,
    ILogger<TwinReplicator> logger) : BackgroundService
{
    private static readonly TimeSpan PassInterval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, DateTimeOffset> _processesRefreshed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe();
        await LoadSnapshotAsync(stoppingToken);
        var nextFullSync = DateTimeOffset.MinValue;
        var nextSnapshot = time.GetUtcNow() + options.Value.SnapshotInterval;
        var written = replicas.Changes;
        var pending = new Dictionary<(TwinKind, string), TwinChange>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextFullSync && await FullSyncAsync(stoppingToken))
                {
                    nextFullSync = time.GetUtcNow() + options.Value.FullSyncInterval;
                }

                await Task.Delay(PassInterval, time, stoppingToken);
                while (subscription.Reader.TryRead(out var change))
                {
                    pending[(change.Kind, change.Key)] = change;
                }

                await ApplyAsync(pending.Values.ToList(), stoppingToken);
                pending.Clear();

                if (time.GetUtcNow() >= nextSnapshot && replicas.Changes != written)
                {
                    written = replicas.Changes;
                    await snapshot.WriteAsync(replicas.Snapshot(), stoppingToken);
                    nextSnapshot = time.GetUtcNow() + options.Value.SnapshotInterval;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Replication pass failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await snapshot.WriteAsync(replicas.Snapshot(), cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // Shutdown goes on: the next start catches up from the twins, as after a crash.
            logger.LogWarning(exception, "Could not write the replica snapshot {Path} while stopping", snapshot.Path);
        }
    }

    private async Task LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await snapshot.ReadAsync(cancellationToken) is { } saved)
            {
                replicas.Load(saved);
                logger.LogInformation("Loaded {Counts} replicas from {Path}", replicas.Counts, snapshot.Path);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A damaged snapshot costs only the catch-up: every twin is read again from its grain.
            logger.LogWarning(exception, "Could not read the replica snapshot {Path}; catching up from the twins", snapshot.Path);
        }
    }

    private async Task ApplyAsync(IReadOnlyList<TwinChange> changes, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(changes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (change, _) =>
        {
            await RefreshAsync(change.Kind, change.Key);
            lag.Record(time.GetUtcNow() - change.Time, time.GetUtcNow());
            if (change.Kind == TwinKind.Host && change.Changed.Contains("processes"))
            {
                await RefreshProcessesAsync(change.Key, force: false);
            }
        });
    }

    private async Task RefreshAsync(TwinKind kind, string key)
    {
        switch (kind)
        {
            case TwinKind.DataCenter when await twins.GetDcAsync(key) is { } dc:
                replicas.Apply(dc);
                break;
            case TwinKind.Host when await twins.GetHostAsync(key) is { } host:
                replicas.Apply(host);
                break;
            case TwinKind.Process when await twins.GetProcessAsync(key) is { } process:
                replicas.Apply(process);
                break;
            case TwinKind.Link when await twins.GetLinkAsync(key) is { } link:
                replicas.Apply(link);
                break;
        }
    }

    /// <summary>Process metrics change with every sample but announce no change of their own: refreshed at most every few seconds per host.</summary>
    private async Task RefreshProcessesAsync(string hostKey, bool force)
    {
        var now = time.GetUtcNow();
        lock (_processesRefreshed)
        {
            if (!force && _processesRefreshed.TryGetValue(hostKey, out var last) && now - last < options.Value.ProcessRefreshInterval)
            {
                return;
            }

            _processesRefreshed[hostKey] = now;
        }

        if (await replicas.GetHostAsync(hostKey) is { } host)
        {
            foreach (var process in host.Processes)
            {
                if (await twins.GetProcessAsync(process.Key) is { } twin)
                {
                    replicas.Apply(twin);
                }
            }
        }
    }

    /// <summary>Reads every twin and keeps the ones whose version differs from the replica's; false when the cluster did not answer.</summary>
    private async Task<bool> FullSyncAsync(CancellationToken cancellationToken)
    {
        FleetIndex index;
        try
        {
            index = await twins.GetIndexAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogDebug(exception, "The fleet index did not answer; replicas stay as they are");
            return false;
        }

        var before = replicas.Changes;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(index.Dcs, parallel, async (dc, _) => await RefreshAsync(TwinKind.DataCenter, dc));
        await Parallel.ForEachAsync(index.Hosts, parallel, async (host, _) =>
        {
            await RefreshAsync(TwinKind.Host, host);
            await RefreshProcessesAsync(host, force: true);
        });
        await Parallel.ForEachAsync(index.Links, parallel, async (link, _) => await RefreshAsync(TwinKind.Link, link));
        lag.LastFullSync = time.GetUtcNow();
        logger.LogDebug("Full sync: {Count} replicas updated", replicas.Changes - before);
        return true;
    }
}
