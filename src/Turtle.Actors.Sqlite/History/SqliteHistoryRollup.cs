using Microsoft.Data.Sqlite;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using static Turtle.Actors.Runtime.History.HistoryTierPlanner;

namespace Turtle.Actors.Sqlite.History;

/// <summary>
/// One rollup-and-prune pass over the history file. Each tier advances from its watermark to the last completed
/// period, one chunk per transaction that also moves the watermark, so an interrupted pass resumes where it stopped
/// and a repeated one finds nothing to do. Buckets are folded in C# with the same <see cref="RollupCell"/> the other
/// providers use, so min/max/avg/last/count agree exactly.
/// </summary>
internal sealed class SqliteHistoryRollup(SqliteConnection connection, HistoryOptions options)
{
    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minutesEnd = Floor(now, MinuteWidth);
        await RollUpAsync(HistoryTier.Minute, minutesEnd, TimeSpan.FromHours(1), cancellationToken);
        // An hour is complete once all its minutes are rolled up.
        if (await WatermarkAsync(HistoryTier.Minute, cancellationToken) is { } minutesDone)
        {
            await RollUpAsync(HistoryTier.Hour, Floor(minutesDone < now ? minutesDone : now, HourWidth), TimeSpan.FromDays(1), cancellationToken);
        }

        await PruneAsync(HistoryTier.Raw, now - options.RawRetention, cancellationToken);
        await PruneAsync(HistoryTier.Minute, now - options.MinuteRetention, cancellationToken);
        await PruneAsync(HistoryTier.Hour, now - options.HourRetention, cancellationToken);
    }

    private async Task RollUpAsync(HistoryTier tier, DateTimeOffset end, TimeSpan chunk, CancellationToken cancellationToken)
    {
        var source = tier == HistoryTier.Minute ? HistoryTier.Raw : HistoryTier.Minute;
        var start = await WatermarkAsync(tier, cancellationToken) ?? await EarliestAsync(source, cancellationToken);
        if (start is null)
        {
            return; // nothing written yet: the first rows decide where rolling up starts
        }

        var width = tier == HistoryTier.Minute ? MinuteWidth : HourWidth;
        // An empty chunk doubles the next one, so a long quiet gap costs a few passes rather than one per hour.
        var size = chunk;
        for (var from = Floor(start.Value, width); from < end;)
        {
            var to = from + size < end ? from + size : end;
            await using var transaction = connection.BeginTransaction(deferred: false);
            var cells = await ReadCellsAsync(source, width, from, to, transaction, cancellationToken);
            await WriteCellsAsync(tier, cells, transaction, cancellationToken);
            await ExecuteAsync(transaction, "INSERT INTO history_rollup_state (tier, rolled_until_us) VALUES ($tier, $until) ON CONFLICT (tier) DO UPDATE SET rolled_until_us = excluded.rolled_until_us;",
                cancellationToken, ("$tier", tier.ToString()), ("$until", ToUnixMicros(to)));
            await transaction.CommitAsync(cancellationToken);
            size = cells.Count == 0 && size < TimeSpan.FromDays(3650) ? size * 2 : chunk;
            from = to;
        }
    }

    private async Task<Dictionary<(string Entity, string Metric, long Bucket), RollupCell>> ReadCellsAsync(
        HistoryTier source, TimeSpan width, DateTimeOffset from, DateTimeOffset to, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = source == HistoryTier.Raw
            ? "SELECT entity, metric, time_us, value FROM history_raw WHERE time_us >= $from AND time_us < $to;"
            : "SELECT entity, metric, bucket_us, min, max, sum, count, last_time_us, last FROM history_minute WHERE bucket_us >= $from AND bucket_us < $to;";
        select.Parameters.AddWithValue("$from", ToUnixMicros(from));
        select.Parameters.AddWithValue("$to", ToUnixMicros(to));
        var widthMicros = width.Ticks / 10;
        var cells = new Dictionary<(string, string, long), RollupCell>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var time = reader.GetInt64(2);
            ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                cells, (reader.GetString(0), reader.GetString(1), time - (time % widthMicros)), out _);
            if (source == HistoryTier.Raw)
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
        // REPLACE, not INSERT: a pass that rolled a chunk and crashed before moving the watermark redoes it cleanly.
        insert.CommandText = $"INSERT OR REPLACE INTO {SqliteHistoryStore.TableOf(tier)} (entity, metric, bucket_us, min, max, sum, count, last_time_us, last) VALUES ($e, $m, $b, $min, $max, $sum, $count, $lt, $last);";
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

    private async Task PruneAsync(HistoryTier tier, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var column = tier == HistoryTier.Raw ? "time_us" : "bucket_us";
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(transaction, $"DELETE FROM {SqliteHistoryStore.TableOf(tier)} WHERE {column} < $cutoff;", cancellationToken, ("$cutoff", ToUnixMicros(cutoff)));
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DateTimeOffset?> WatermarkAsync(HistoryTier tier, CancellationToken cancellationToken) =>
        await ScalarTimeAsync("SELECT rolled_until_us FROM history_rollup_state WHERE tier = $tier;", cancellationToken, ("$tier", tier.ToString()));

    private async Task<DateTimeOffset?> EarliestAsync(HistoryTier tier, CancellationToken cancellationToken) =>
        await ScalarTimeAsync(tier == HistoryTier.Raw ? "SELECT MIN(time_us) FROM history_raw;" : "SELECT MIN(bucket_us) FROM history_minute;", cancellationToken);

    private async Task<DateTimeOffset?> ScalarTimeAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(cancellationToken) is long micros ? FromUnixMicros(micros) : null;
    }

    private async Task ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
