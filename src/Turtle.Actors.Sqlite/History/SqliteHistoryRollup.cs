using Microsoft.Data.Sqlite;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using static Turtle.Actors.Runtime.History.HistoryTierPlanner;
using static Turtle.Actors.Sqlite.History.SqliteHistoryStore;

namespace Turtle.Actors.Sqlite.History;

/// <summary>
/// One rollup-and-prune pass over the history file. Each tier of <see cref="HistoryTiers.Rollups"/> advances from its
/// watermark to the last period its source completed, one chunk per write transaction that also moves the watermark
/// (read inside it, so stores sharing the file take turns and never redo or undo each other's chunks); then the
/// marked late minutes are recomputed. An interrupted pass resumes where it stopped, a repeated one finds nothing to
/// do. Buckets are folded in C# with the same <see cref="RollupCell"/> the other providers use, so values agree exactly.
/// </summary>
internal sealed class SqliteHistoryRollup(SqliteConnection connection, HistoryOptions options)
{
    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var rollup in HistoryTiers.Rollups)
        {
            await RollUpAsync(rollup, now, cancellationToken);
        }

        await FoldLateMinutesAsync(now, cancellationToken);
        foreach (var tier in HistoryTiers.All)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await ExecuteAsync(transaction, $"DELETE FROM {TableOf(tier)} WHERE {TimeColumnOf(tier)} < $cutoff;", cancellationToken,
                ("$cutoff", ToUnixMicros(now - HistoryTiers.Retention(tier, options))));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task RollUpAsync(HistoryRollupTier rollup, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An empty chunk doubles the next one, so a long quiet gap costs a few passes rather than one per chunk.
        var size = rollup.Chunk;
        while (true)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var start = await WatermarkAsync(rollup.Tier, transaction, cancellationToken)
                ?? await ScalarTimeAsync(transaction, $"SELECT MIN({TimeColumnOf(rollup.Source)}) FROM {TableOf(rollup.Source)};", cancellationToken);
            // A period is complete once the clock passed it and its source has rolled all of it up.
            var sourceDone = rollup.Source == HistoryTier.Raw ? now : await WatermarkAsync(rollup.Source, transaction, cancellationToken);
            if (start is null || sourceDone is null)
            {
                return; // nothing written yet: the first rows decide where rolling up starts
            }

            var from = Floor(start.Value, rollup.Width);
            var end = Floor(sourceDone < now ? sourceDone.Value : now, rollup.Width);
            if (from >= end)
            {
                return;
            }

            var to = from + size < end ? from + size : end;
            var folded = await RefoldAsync(rollup, from, to, transaction, cancellationToken);
            await ExecuteAsync(transaction, "INSERT INTO history_rollup_state (tier, rolled_until_us) VALUES ($tier, $until) ON CONFLICT (tier) DO UPDATE SET rolled_until_us = excluded.rolled_until_us;",
                cancellationToken, ("$tier", rollup.Tier.ToString()), ("$until", ToUnixMicros(to)));
            await transaction.CommitAsync(cancellationToken);
            size = folded == 0 && size < TimeSpan.FromDays(3650) ? size * 2 : rollup.Chunk;
        }
    }

    /// <summary>
    /// Recomputes the marked late minutes and the rolled-up five-minute and hour periods holding them, an hour of
    /// marks per transaction: the marks go with the commit of their recomputation, so a crash loses none.
    /// </summary>
    private async Task FoldLateMinutesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minute = HistoryTiers.Rollups[0];
        while (true)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await ScalarTimeAsync(transaction, "SELECT MIN(minute_us) FROM history_late_minutes;", cancellationToken) is not { } first)
            {
                return;
            }

            IReadOnlyList<DateTimeOffset> changed = await ReadTimesAsync(transaction,
                "DELETE FROM history_late_minutes WHERE minute_us < $to RETURNING minute_us;", ("$to", ToUnixMicros(first + minute.Chunk)), cancellationToken);
            foreach (var rollup in HistoryTiers.Rollups)
            {
                var due = rollup.Due(changed, await WatermarkAsync(rollup.Tier, transaction, cancellationToken), now, options);
                foreach (var (from, to) in HistoryTiers.Runs(due, rollup.Width))
                {
                    await RefoldAsync(rollup, from, to, transaction, cancellationToken);
                }

                changed = due;
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Recomputes <paramref name="rollup"/>'s periods in [from, to) from its source; returns how many rows it wrote.</summary>
    private async Task<int> RefoldAsync(HistoryRollupTier rollup, DateTimeOffset from, DateTimeOffset to, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var cells = await ReadCellsAsync(rollup, from, to, transaction, cancellationToken);
        await WriteCellsAsync(rollup.Tier, cells, transaction, cancellationToken);
        return cells.Count;
    }

    private async Task<Dictionary<(string Entity, string Metric, long Bucket), RollupCell>> ReadCellsAsync(
        HistoryRollupTier rollup, DateTimeOffset from, DateTimeOffset to, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = rollup.Source == HistoryTier.Raw
            ? "SELECT entity, metric, time_us, value FROM history_raw WHERE time_us >= $from AND time_us < $to;"
            : $"SELECT entity, metric, bucket_us, min, max, sum, count, last_time_us, last FROM {TableOf(rollup.Source)} WHERE bucket_us >= $from AND bucket_us < $to;";
        select.Parameters.AddWithValue("$from", ToUnixMicros(from));
        select.Parameters.AddWithValue("$to", ToUnixMicros(to));
        var widthMicros = rollup.Width.Ticks / 10;
        var cells = new Dictionary<(string, string, long), RollupCell>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var time = reader.GetInt64(2);
            ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                cells, (reader.GetString(0), reader.GetString(1), time - (time % widthMicros)), out _);
            if (rollup.Source == HistoryTier.Raw)
            {
                cell.Add(time, reader.GetDouble(3));
            }
            else
            {
                cell.Merge(reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetDouble(8));
            }
        }

        return cells;
    }

    private async Task WriteCellsAsync(HistoryTier tier, Dictionary<(string Entity, string Metric, long Bucket), RollupCell> cells, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // REPLACE, not INSERT: a recomputed period (late samples, a chunk redone after a crash) replaces its old row.
        insert.CommandText = $"INSERT OR REPLACE INTO {TableOf(tier)} (entity, metric, bucket_us, min, max, sum, count, last_time_us, last) VALUES ($e, $m, $b, $min, $max, $sum, $count, $lt, $last);";
        var p = new[] { "$e", "$m", "$b", "$min", "$max", "$sum", "$count", "$lt", "$last" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        insert.Prepare();
        foreach (var ((entity, metric, bucket), cell) in cells)
        {
            p[0].Value = entity;
            p[1].Value = metric;
            p[2].Value = bucket;
            p[3].Value = cell.Min;
            p[4].Value = cell.Max;
            p[5].Value = cell.Sum;
            p[6].Value = cell.Count;
            p[7].Value = cell.LastTicks;
            p[8].Value = cell.Last;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Task<DateTimeOffset?> WatermarkAsync(HistoryTier tier, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        ScalarTimeAsync(transaction, "SELECT rolled_until_us FROM history_rollup_state WHERE tier = $tier;", cancellationToken, ("$tier", tier.ToString()));

    private async Task<DateTimeOffset?> ScalarTimeAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is long micros ? FromUnixMicros(micros) : null;
    }

    private async Task<List<DateTimeOffset>> ReadTimesAsync(SqliteTransaction transaction, string sql, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, sql, [parameter]);
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            times.Add(FromUnixMicros(reader.GetInt64(0)));
        }

        return times;
    }

    private async Task ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
