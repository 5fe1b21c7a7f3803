using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.History;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// One rollup-and-prune pass. Each tier rolls from its watermark to the last completed period in chunks (an hour of
/// raw rows, a day of minutes), each chunk one statement in its own transaction that also moves the watermark, under
/// an advisory lock: silos running maintenance together take turns, an interrupted pass resumes where it stopped, and
/// a backlog (a silo down for days) never becomes one statement that outlives its timeout.
/// </summary>
internal sealed class PostgresHistoryRollup(NpgsqlConnection connection, HistoryOptions options)
{
    private const long RollupLockKey = 0x5475_7274_6C65_0005; // "Turtle" + 5

    // One chunk of a large fleet takes seconds on a busy server; Npgsql's 30-second default is for dashboard queries.
    private const int CommandTimeoutSeconds = 600;

    private static readonly string MinuteSelect = """
        SELECT entity, metric, date_bin('1 minute', time, 'epoch'), min(value), max(value), sum(value), count(*), max(time), {LAST}
        FROM turtle_history_raw WHERE time >= @from AND time < @to GROUP BY 1, 2, 3
        """.Replace("{LAST}", string.Format(PostgresHistoryStore.LastOf, "time", "value"), StringComparison.Ordinal);

    private static readonly string HourSelect = """
        SELECT entity, metric, date_bin('1 hour', bucket, 'epoch'), min(min), max(max), sum(sum), sum(count), max(last_time), {LAST}
        FROM turtle_history_minute WHERE bucket >= @from AND bucket < @to GROUP BY 1, 2, 3
        """.Replace("{LAST}", string.Format(PostgresHistoryStore.LastOf, "last_time", "last"), StringComparison.Ordinal);

    /// <summary>Runs the pass; returns whether any rollup rows were written (the store then vacuums them).</summary>
    public async Task<bool> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = await ScalarTimeAsync(null, "SELECT max(rolled_until) FROM turtle_history_rollup_state WHERE tier = 'minute';", cancellationToken);
        var minutesEnd = HistoryTierPlanner.Floor(now, HistoryTierPlanner.MinuteWidth);
        var minutesDone = await RollUpAsync("minute", "1 minute", TimeSpan.FromHours(1), minutesEnd, MinuteSelect, "SELECT min(time) FROM turtle_history_raw", cancellationToken);
        if (minutesDone is { } done)
        {
            // An hour is complete once all its minutes are rolled up.
            await RollUpAsync("hour", "1 hour", TimeSpan.FromDays(1), HistoryTierPlanner.Floor(done < now ? done : now, HistoryTierPlanner.HourWidth),
                HourSelect, "SELECT min(bucket) FROM turtle_history_minute", cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, "DELETE FROM turtle_history_minute WHERE bucket < @cutoff;", cancellationToken, ("cutoff", (now - options.MinuteRetention).UtcDateTime));
        await ExecuteAsync(transaction, "DELETE FROM turtle_history_hour WHERE bucket < @cutoff;", cancellationToken, ("cutoff", (now - options.HourRetention).UtcDateTime));
        await transaction.CommitAsync(cancellationToken);
        return minutesDone is { } rolled && (before is null || rolled > before);
    }

    /// <summary>Rolls [watermark, <paramref name="end"/>) into <c>turtle_history_{tier}</c> chunk by chunk; returns the watermark afterwards (null: nothing to roll yet).</summary>
    private async Task<DateTimeOffset?> RollUpAsync(string tier, string width, TimeSpan baseChunk, DateTimeOffset end, string select, string earliest, CancellationToken cancellationToken)
    {
        // An empty chunk doubles the next one, so a long quiet gap (tests jumping months ahead, a fleet switched off)
        // costs a few statements rather than one per hour; any rows bring the chunk back to its base size.
        var chunk = baseChunk;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(transaction, $"SELECT pg_advisory_xact_lock({RollupLockKey});", cancellationToken);
            // Read under the lock: another silo may have moved the watermark while this one waited.
            var start = await ScalarTimeAsync(transaction, "SELECT rolled_until FROM turtle_history_rollup_state WHERE tier = @tier;", cancellationToken, ("tier", tier));
            if (start is null && await ScalarTimeAsync(transaction, earliest, cancellationToken) is { } first)
            {
                start = await ScalarTimeAsync(transaction, $"SELECT date_bin('{width}', @t, 'epoch');", cancellationToken, ("t", first.UtcDateTime)) ?? first;
            }

            if (start is null || start.Value >= end)
            {
                await transaction.CommitAsync(cancellationToken);
                return start; // null: nothing written yet, so the first rows decide where rolling up starts
            }

            var to = start.Value + chunk < end ? start.Value + chunk : end;
            // DO UPDATE, not DO NOTHING: a bucket rolled by an interrupted pass is recomputed from the same rows.
            var rolled = await ExecuteAsync(transaction, $"""
                INSERT INTO turtle_history_{tier} (entity, metric, bucket, min, max, sum, count, last_time, last)
                {select}
                ON CONFLICT (entity, metric, bucket) DO UPDATE SET min = excluded.min, max = excluded.max, sum = excluded.sum,
                    count = excluded.count, last_time = excluded.last_time, last = excluded.last;
                """, cancellationToken, ("from", start.Value.UtcDateTime), ("to", to.UtcDateTime));
            await ExecuteAsync(transaction, """
                INSERT INTO turtle_history_rollup_state (tier, rolled_until) VALUES (@tier, @until)
                ON CONFLICT (tier) DO UPDATE SET rolled_until = excluded.rolled_until;
                """, cancellationToken, ("tier", tier), ("until", to.UtcDateTime));
            await transaction.CommitAsync(cancellationToken);
            chunk = rolled == 0 && chunk < TimeSpan.FromDays(3650) ? chunk * 2 : baseChunk;
        }
    }

    private async Task<DateTimeOffset?> ScalarTimeAsync(NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }

    private async Task<int> ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(NpgsqlTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
