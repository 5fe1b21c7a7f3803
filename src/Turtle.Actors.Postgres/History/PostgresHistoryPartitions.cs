using System.Globalization;
using Npgsql;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// The raw table's day partitions (<c>turtle_history_raw_pYYYYMMDD</c>, UTC days): created on demand for a batch's
/// days and ahead of time by maintenance, dropped whole once their last instant is past the raw retention. Days known
/// to exist are remembered so a batch normally costs no catalog query.
/// </summary>
internal sealed class PostgresHistoryPartitions
{
    // Serializes partition DDL across silos: two concurrent CREATE TABLE IF NOT EXISTS can both try to insert the catalog row.
    private const long PartitionLockKey = 0x5475_7274_6C65_0004; // "Turtle" + 4

    private const string Prefix = "turtle_history_raw_p";

    private readonly HashSet<DateOnly> _known = [];
    private readonly Lock _lock = new();

    /// <summary>Creates the partitions of <paramref name="days"/> that are not known to exist.</summary>
    public async Task EnsureAsync(NpgsqlConnection connection, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        List<DateOnly> missing;
        lock (_lock)
        {
            missing = days.Where(d => !_known.Contains(d)).Distinct().ToList();
        }

        if (missing.Count == 0)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PartitionLockKey});", cancellationToken);
        foreach (var day in missing)
        {
            await ExecuteAsync(connection, transaction,
                $"CREATE TABLE IF NOT EXISTS {Name(day)} PARTITION OF turtle_history_raw FOR VALUES FROM ('{Start(day)}') TO ('{Start(day.AddDays(1))}');",
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        lock (_lock)
        {
            _known.UnionWith(missing);
        }
    }

    /// <summary>Drops every partition whose day ended at or before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DropBeforeAsync(NpgsqlConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var expired = new List<DateOnly>();
        await using (var list = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'turtle_history_raw'::regclass;", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (name.StartsWith(Prefix, StringComparison.Ordinal) &&
                    DateOnly.TryParseExact(name[Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) &&
                    new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) <= cutoff)
                {
                    expired.Add(day);
                }
            }
        }

        if (expired.Count == 0)
        {
            return 0;
        }

        lock (_lock)
        {
            _known.ExceptWith(expired);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PartitionLockKey});", cancellationToken);
        foreach (var day in expired)
        {
            await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {Name(day)};", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    /// <summary>Forgets what is known (another silo may have dropped a partition): the next batch checks again.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _known.Clear();
        }
    }

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private static string Name(DateOnly day) => Prefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Start(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
