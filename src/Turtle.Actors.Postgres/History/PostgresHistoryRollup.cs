using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using static Turtle.Actors.Postgres.History.PostgresHistorySql;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// One rollup-and-prune pass. Each tier of <see cref="HistoryTiers.Rollups"/> rolls from its watermark to the last
/// period its source completed in chunks, each chunk one statement in its own transaction that also moves the
/// watermark, under an advisory lock: silos running maintenance together take turns, an interrupted pass resumes
/// where it stopped, and a backlog (a silo down for days) never becomes one statement that outlives its timeout.
/// Then the minutes marked below the minute watermark (late samples) are recomputed with the periods holding them.
/// </summary>
internal sealed class PostgresHistoryRollup(NpgsqlConnection connection, HistoryOptions options)
{
    private const long RollupLockKey = 0x5475_7274_6C65_0005; // "Turtle" + 5

    // One chunk of a large fleet takes seconds on a busy server; Npgsql's 30-second default is for dashboard queries.
    private const int CommandTimeoutSeconds = 600;

    /// <summary>Runs the pass; returns whether any rollup rows were written (the store then vacuums them).</summary>
    public async Task<bool> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wrote = false;
        foreach (var rollup in HistoryTiers.Rollups)
        {
            wrote |= await RollUpAsync(rollup, now, cancellationToken);
        }

        wrote |= await FoldLateMinutesAsync(now, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var rollup in HistoryTiers.Rollups)
        {
            await ExecuteAsync(transaction, $"DELETE FROM {TableOf(rollup.Tier)} WHERE bucket < @cutoff;", cancellationToken,
                ("cutoff", (now - HistoryTiers.Retention(rollup.Tier, options)).UtcDateTime));
        }

        await transaction.CommitAsync(cancellationToken);
        return wrote;
    }

    /// <summary>Rolls [watermark, last completed period) into <paramref name="rollup"/>'s table chunk by chunk; returns whether it wrote rows.</summary>
    private async Task<bool> RollUpAsync(HistoryRollupTier rollup, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An empty chunk doubles the next one, so a long quiet gap (tests jumping months ahead, a fleet switched off)
        // costs a few statements rather than one per chunk; any rows bring the chunk back to its base size.
        var chunk = rollup.Chunk;
        var wrote = false;
        while (true)
        {
            await using var transaction = await LockedTransactionAsync(cancellationToken);
            // Read under the lock: another silo may have moved the watermarks while this one waited.
            var start = await WatermarkAsync(transaction, rollup.Tier, cancellationToken)
                ?? await ScalarTimeAsync(transaction, $"SELECT min({TimeOf(rollup.Source)}) FROM {TableOf(rollup.Source)};", cancellationToken);
            // A period is complete once the clock passed it and its source has rolled all of it up.
            var sourceDone = rollup.Source == HistoryTier.Raw ? now : await WatermarkAsync(transaction, rollup.Source, cancellationToken);
            if (start is null || sourceDone is null)
            {
                return wrote; // nothing written yet: the first rows decide where rolling up starts
            }

            var from = HistoryTierPlanner.Floor(start.Value, rollup.Width);
            var end = HistoryTierPlanner.Floor(sourceDone < now ? sourceDone.Value : now, rollup.Width);
            if (from >= end)
            {
                return wrote;
            }

            var to = from + chunk < end ? from + chunk : end;
            if (rollup.Source == HistoryTier.Raw)
            {
                // Before reading raw rows, in its own statement: a mark deleted here belongs to a batch committed
                // before this statement, so the next one sees its rows; a batch still in flight keeps its mark, and
                // the late-minute fold recomputes its minute once it has committed.
                await ExecuteAsync(transaction, "DELETE FROM turtle_history_minute_marks WHERE minute >= @from AND minute < @to;", cancellationToken,
                    ("from", from.UtcDateTime), ("to", to.UtcDateTime));
            }

            var rolled = await RefoldAsync(transaction, rollup, from, to, cancellationToken);
            await ExecuteAsync(transaction, """
                INSERT INTO turtle_history_rollup_state (tier, rolled_until) VALUES (@tier, @until)
                ON CONFLICT (tier) DO UPDATE SET rolled_until = excluded.rolled_until;
                """, cancellationToken, ("tier", NameOf(rollup.Tier)), ("until", to.UtcDateTime));
            await transaction.CommitAsync(cancellationToken);
            wrote |= rolled > 0;
            chunk = rolled == 0 && chunk < TimeSpan.FromDays(3650) ? chunk * 2 : rollup.Chunk;
        }
    }

    /// <summary>
    /// Recomputes the marked minutes below the minute watermark and the rolled-up five-minute and hour periods holding
    /// them, an hour of marks per transaction: the marks go with the commit of their recomputation, so a failed pass
    /// loses none. Returns whether it wrote rows.
    /// </summary>
    private async Task<bool> FoldLateMinutesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wrote = false;
        while (true)
        {
            await using var transaction = await LockedTransactionAsync(cancellationToken);
            if (await WatermarkAsync(transaction, HistoryTier.Minute, cancellationToken) is not { } minutesDone ||
                await ScalarTimeAsync(transaction, "SELECT min(minute) FROM turtle_history_minute_marks WHERE minute < @done;", cancellationToken,
                    ("done", minutesDone.UtcDateTime)) is not { } first)
            {
                return wrote;
            }

            // Marks at or above the watermark stay: the regular pass rolls (and clears) those minutes.
            var pieceEnd = first + HistoryTiers.Rollups[0].Chunk;
            IReadOnlyList<DateTimeOffset> changed = await DeleteMarksAsync(transaction, pieceEnd < minutesDone ? pieceEnd : minutesDone, cancellationToken);
            foreach (var rollup in HistoryTiers.Rollups)
            {
                var due = rollup.Due(changed, await WatermarkAsync(transaction, rollup.Tier, cancellationToken), now, options);
                foreach (var (from, to) in HistoryTiers.Runs(due, rollup.Width))
                {
                    wrote |= await RefoldAsync(transaction, rollup, from, to, cancellationToken) > 0;
                }

                changed = due;
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Recomputes <paramref name="rollup"/>'s periods in [from, to) from its source; returns the rows written.</summary>
    private Task<int> RefoldAsync(NpgsqlTransaction transaction, HistoryRollupTier rollup, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var time = TimeOf(rollup.Source);
        // DO UPDATE, not DO NOTHING: a recomputed period (late samples, a chunk redone after a crash) replaces its row.
        return ExecuteAsync(transaction, $"""
            INSERT INTO {TableOf(rollup.Tier)} (entity, metric, bucket, min, max, sum, count, last_time, last)
            SELECT entity, metric, date_bin('{(long)rollup.Width.TotalSeconds} seconds', {time}, 'epoch'), {Aggregates(rollup.Source)}
            FROM {TableOf(rollup.Source)} WHERE {time} >= @from AND {time} < @to GROUP BY 1, 2, 3
            ON CONFLICT (entity, metric, bucket) DO UPDATE SET min = excluded.min, max = excluded.max, sum = excluded.sum,
                count = excluded.count, last_time = excluded.last_time, last = excluded.last;
            """, cancellationToken, ("from", from.UtcDateTime), ("to", to.UtcDateTime));
    }

    private async Task<List<DateTimeOffset>> DeleteMarksAsync(NpgsqlTransaction transaction, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, "DELETE FROM turtle_history_minute_marks WHERE minute < @before RETURNING minute;", [("before", before.UtcDateTime)]);
        var minutes = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(Utc(reader.GetDateTime(0)));
        }

        return minutes;
    }

    private async Task<NpgsqlTransaction> LockedTransactionAsync(CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, $"SELECT pg_advisory_xact_lock({RollupLockKey});", cancellationToken);
        return transaction;
    }

    private Task<DateTimeOffset?> WatermarkAsync(NpgsqlTransaction transaction, HistoryTier tier, CancellationToken cancellationToken) =>
        ScalarTimeAsync(transaction, "SELECT rolled_until FROM turtle_history_rollup_state WHERE tier = @tier;", cancellationToken, ("tier", NameOf(tier)));

    private async Task<DateTimeOffset?> ScalarTimeAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime time ? Utc(time) : null;
    }

    private async Task<int> ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
