using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.History;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// One rollup-and-prune pass, in one transaction under an advisory lock (silos running maintenance together take
/// turns; the second finds the watermarks moved and does nothing). Each tier aggregates, in one statement, the rows
/// from its watermark to the last completed period, then moves the watermark.
/// </summary>
internal sealed class PostgresHistoryRollup(NpgsqlConnection connection, HistoryOptions options)
{
    private const long RollupLockKey = 0x5475_7274_6C65_0005; // "Turtle" + 5

    /// <summary>Runs the pass; returns whether any rollup rows were written (the store then vacuums them).</summary>
    public async Task<bool> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = await ScalarTimeAsync(null, "SELECT max(rolled_until) FROM turtle_history_rollup_state;", cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, $"SELECT pg_advisory_xact_lock({RollupLockKey});", cancellationToken);
        var minutesEnd = HistoryTierPlanner.Floor(now, HistoryTierPlanner.MinuteWidth);
        var minutesDone = await RollUpAsync(transaction, "minute", "1 minute", minutesEnd, """
            SELECT entity, metric, date_bin('1 minute', time, 'epoch'), min(value), max(value), sum(value), count(*), max(time), {LAST}
            FROM turtle_history_raw WHERE time >= @from AND time < @to GROUP BY 1, 2, 3
            """.Replace("{LAST}", string.Format(PostgresHistoryStore.LastOf, "time", "value"), StringComparison.Ordinal),
            "SELECT min(time) FROM turtle_history_raw", cancellationToken);
        if (minutesDone is { } done)
        {
            // An hour is complete once all its minutes are rolled up.
            await RollUpAsync(transaction, "hour", "1 hour", HistoryTierPlanner.Floor(done < now ? done : now, HistoryTierPlanner.HourWidth), """
                SELECT entity, metric, date_bin('1 hour', bucket, 'epoch'), min(min), max(max), sum(sum), sum(count), max(last_time), {LAST}
                FROM turtle_history_minute WHERE bucket >= @from AND bucket < @to GROUP BY 1, 2, 3
                """.Replace("{LAST}", string.Format(PostgresHistoryStore.LastOf, "last_time", "last"), StringComparison.Ordinal),
                "SELECT min(bucket) FROM turtle_history_minute", cancellationToken);
        }

        await ExecuteAsync(transaction, "DELETE FROM turtle_history_minute WHERE bucket < @cutoff;", cancellationToken, ("cutoff", (now - options.MinuteRetention).UtcDateTime));
        await ExecuteAsync(transaction, "DELETE FROM turtle_history_hour WHERE bucket < @cutoff;", cancellationToken, ("cutoff", (now - options.HourRetention).UtcDateTime));
        await transaction.CommitAsync(cancellationToken);
        return minutesDone is { } rolled && (before is null || rolled > before);
    }

    /// <summary>Rolls [watermark, <paramref name="end"/>) into <c>turtle_history_{tier}</c>; returns the watermark afterwards (null: nothing to roll yet).</summary>
    private async Task<DateTimeOffset?> RollUpAsync(NpgsqlTransaction transaction, string tier, string width, DateTimeOffset end, string select, string earliest, CancellationToken cancellationToken)
    {
        var start = await ScalarTimeAsync(transaction, "SELECT rolled_until FROM turtle_history_rollup_state WHERE tier = @tier;", cancellationToken, ("tier", tier));
        if (start is null)
        {
            var first = await ScalarTimeAsync(transaction, earliest, cancellationToken);
            if (first is null)
            {
                return null; // nothing written yet: the first rows decide where rolling up starts
            }

            start = await ScalarTimeAsync(transaction, $"SELECT date_bin('{width}', @t, 'epoch');", cancellationToken, ("t", first.Value.UtcDateTime)) ?? first;
        }

        if (start.Value >= end)
        {
            return start;
        }

        // DO UPDATE, not DO NOTHING: a bucket rolled by an interrupted pass is recomputed from the same rows.
        await ExecuteAsync(transaction, $"""
            INSERT INTO turtle_history_{tier} (entity, metric, bucket, min, max, sum, count, last_time, last)
            {select}
            ON CONFLICT (entity, metric, bucket) DO UPDATE SET min = excluded.min, max = excluded.max, sum = excluded.sum,
                count = excluded.count, last_time = excluded.last_time, last = excluded.last;
            """, cancellationToken, ("from", start.Value.UtcDateTime), ("to", end.UtcDateTime));
        await ExecuteAsync(transaction, """
            INSERT INTO turtle_history_rollup_state (tier, rolled_until) VALUES (@tier, @until)
            ON CONFLICT (tier) DO UPDATE SET rolled_until = excluded.rolled_until;
            """, cancellationToken, ("tier", tier), ("until", end.UtcDateTime));
        return end;
    }

    private async Task<DateTimeOffset?> ScalarTimeAsync(NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }

    private async Task ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(NpgsqlTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
