using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Storage;
using Turtle.Silo.Security;

namespace Turtle.Silo.Audit;

/// <summary>
/// The audit log: entries are queued by the request that makes them and written every
/// <see cref="AuditOptions.FlushInterval"/> to one grain-storage record per UTC day (<c>sys.audit/2026-12-03</c>), so
/// every silo of a cluster adds to, and reads, the same days. Days past <see cref="AuditOptions.RetentionDays"/> are
/// deleted, and a day keeps at most <see cref="AuditOptions.MaxEntriesPerDay"/> refusals: the log is bounded. Each
/// entry is also logged (category Turtle.Silo.Audit.AuditLog), for journald or a log shipper.
/// </summary>
public sealed partial class AuditLog(
    SystemStorage storage, IOptions<AuditOptions> options, IOptions<SiloOptions> silo, TimeProvider time, ILogger<AuditLog> logger) : BackgroundService
{
    private readonly ConcurrentQueue<AuditEntry> _pending = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recentRefusals = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private DateOnly _sweptOn;

    /// <summary>Queues an entry for the request in <paramref name="http"/>; the actor is its principal unless given.</summary>
    public void Record(HttpContext http, string action, string? target, AuditOutcome outcome, int status, string? detail, string? actor = null)
    {
        actor ??= http.Items[AuditMiddleware.ActorItem] as string ?? ActorOf(http.User);
        Record(new AuditEntry(time.GetUtcNow(), actor, action, target, http.Connection.RemoteIpAddress?.ToString(), outcome, status, detail, silo.Value.SiloName));
    }

    public void Record(AuditEntry entry)
    {
        if (entry.Outcome == AuditOutcome.Denied)
        {
            // A refusal repeated (a collector with a bad token retrying) is kept once per quiet period.
            var key = $"{entry.Actor}|{entry.RemoteIp}|{entry.Action}|{entry.Status}";
            if (_recentRefusals.TryGetValue(key, out var last) && entry.Time - last < options.Value.RefusalQuiet)
            {
                return;
            }

            _recentRefusals[key] = entry.Time;
            if (_recentRefusals.Count > 10_000)
            {
                _recentRefusals.Clear();
            }
        }

        LogEntry(logger, entry.Actor, entry.Action, entry.Target, entry.RemoteIp, entry.Outcome, entry.Status, entry.Detail);
        _pending.Enqueue(entry);
    }

    /// <summary>Entries in [<paramref name="from"/>, <paramref name="to"/>), newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(
        DateTimeOffset from, DateTimeOffset to, string? actor, string? action, AuditOutcome? outcome, int limit, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var oldest = Today().AddDays(-options.Value.RetentionDays);
        var first = DateOnly.FromDateTime(from.UtcDateTime);
        first = first < oldest ? oldest : first;
        var found = new List<AuditEntry>();
        for (var day = DateOnly.FromDateTime(to.UtcDateTime); day >= first && found.Count < limit; day = day.AddDays(-1))
        {
            var entries = (await Day(day).ReadAsync(cancellationToken)).Entries;
            found.AddRange(entries
                .Where(e => e.Time >= from && e.Time < to)
                .Where(e => actor is null || e.Actor.Contains(actor, StringComparison.OrdinalIgnoreCase))
                .Where(e => action is null || e.Action.StartsWith(action, StringComparison.OrdinalIgnoreCase))
                .Where(e => outcome is null || e.Outcome == outcome)
                .OrderByDescending(e => e.Time));
        }

        return found.Take(limit).ToList();
    }

    /// <summary>Writes the queued entries, grouped by day.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<AuditEntry>();
            while (_pending.TryDequeue(out var entry))
            {
                batch.Add(entry);
            }

            var max = options.Value.MaxEntriesPerDay;
            foreach (var day in batch.GroupBy(e => DateOnly.FromDateTime(e.Time.UtcDateTime)))
            {
                try
                {
                    await Day(day.Key).UpdateAsync(record =>
                {
                    foreach (var entry in day)
                    {
                        if (entry.Outcome == AuditOutcome.Denied && record.Entries.Count >= max)
                        {
                            record.Dropped++;
                        }
                        else
                        {
                            record.Entries.Add(entry);
                        }
                    }

                    return true;
                }, cancellationToken);
                }
                catch (Exception) when (_pending.Count < 10_000)
                {
                    // Storage unreachable: the entries wait for the next flush (bounded, so an outage cannot fill memory).
                    foreach (var entry in day)
                    {
                        _pending.Enqueue(entry);
                    }

                    throw;
                }
            }

            await SweepAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await TryFlushAsync(CancellationToken.None); // what the last requests recorded
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(logger, exception.Message);
        }
    }

    /// <summary>Once a day, deletes the days just past retention (a month of them, for a silo that was off a while).</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var today = Today();
        if (_sweptOn == today)
        {
            return;
        }

        _sweptOn = today;
        var newestExpired = today.AddDays(-options.Value.RetentionDays - 1);
        for (var day = newestExpired; day > newestExpired.AddDays(-31); day = day.AddDays(-1))
        {
            await Day(day).ClearAsync(cancellationToken);
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private SystemRecord<AuditDay> Day(DateOnly day) =>
        new(storage, "sys.audit", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "audit");

    /// <summary>How the log names a principal: <c>admin</c> (signed in), <c>ci-bot (tok_…)</c> (a token), <c>anonymous</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, Name: { } name })
        {
            return "anonymous";
        }

        return user.FindFirst(TurtleClaims.TokenId)?.Value is { } token ? $"{name} ({token})" : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Actor} {Action} {Target} from {RemoteIp}: {Outcome} ({Status}) {Detail}")]
    private static partial void LogEntry(ILogger logger, string actor, string action, string? target, string? remoteIp, AuditOutcome outcome, int status, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the audit log ({Reason}); its entries are kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, string reason);
}
