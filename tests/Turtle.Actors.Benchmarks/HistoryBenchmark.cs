using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Postgres.History;
using Turtle.Actors.Runtime.History;
using Turtle.Actors.Sqlite.History;
using Turtle.Actors.Testing.Postgres;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// History store figures per provider: rows/s inserted while loading a fleet's day (batches of 10,000), the rollup of
/// that day, p50/p99 of a 24-hour query at 60 points for one host and of the same query over every host, then the pass
/// that folds in an hour of samples back-filled after that hour was rolled up.
/// SQLite uses a temporary file; PostgreSQL a fresh database on the server named by TURTLE_TEST_POSTGRES.
/// </summary>
internal static class HistoryBenchmark
{
    public static async Task RunAsync(int hosts, TimeSpan loadBudget, long maxRows)
    {
        Figures.Print("config_history_hosts", hosts, "hosts");
        var directory = Directory.CreateTempSubdirectory("turtle-history-bench-");
        try
        {
            await using (var sqlite = new SqliteHistoryStore(new SqliteStorageOptions { DataDirectory = directory.FullName, FileName = "history.db" }, new HistoryOptions()))
            {
                await MeasureAsync("sqlite", sqlite, hosts, loadBudget, maxRows);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable)))
        {
            Console.Error.WriteLine($"history: {PostgresTestDatabase.Variable} is not set, so the PostgreSQL history figures are skipped. " +
                                    $"Run `export {PostgresTestDatabase.Variable}=\"$(scripts/postgres start)\"` first to measure them.");
            return;
        }

        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var postgres = new PostgresHistoryStore(new PostgresStorageOptions { ConnectionString = database.ConnectionString }, new HistoryOptions(),
            logger: NullLogger<PostgresHistoryStore>.Instance);
        await postgres.InitializeAsync();
        await MeasureAsync("postgres", postgres, hosts, loadBudget, maxRows);
    }

    private static async Task MeasureAsync(string name, IHistoryStore store, int hosts, TimeSpan loadBudget, long maxRows)
    {
        var now = DateTimeOffset.UtcNow;
        var load = new HistoryFleetLoad(hosts, HistoryTierPlanner.Floor(now, TimeSpan.FromHours(1)));
        var (rows, seconds, complete) = await load.WriteAsync(store, loadBudget, maxRows);
        Figures.Print($"history_{name}_insert_rows_per_second", rows / seconds, "rows/s");
        Figures.Print($"history_{name}_loaded_rows", rows, "rows");
        if (!complete)
        {
            Console.Error.WriteLine($"history: the {name} load stopped at its bound ({loadBudget.TotalSeconds:0} s or {maxRows} rows) before the whole day was written; queries read what was loaded.");
        }

        var rollup = Stopwatch.StartNew();
        await store.RollUpAndPruneAsync(now);
        Figures.Print($"history_{name}_rollup_seconds", rollup.Elapsed.TotalSeconds, "s");

        var step = TimeSpan.FromMinutes(24); // 24 hours at 60 points
        var random = new Random(42);
        var host = await TimeAsync(200, TimeSpan.FromSeconds(10), () =>
            store.QueryAsync(new HistoryQuery([load.Hosts[random.Next(load.Hosts.Count)]], HistoryFleetLoad.Metric, load.Start, load.End, step)));
        Figures.Print($"history_{name}_host_query_p50", host.P50, "ms");
        Figures.Print($"history_{name}_host_query_p99", host.P99, "ms");

        var fleet = await TimeAsync(20, TimeSpan.FromSeconds(15), () =>
            store.QueryAsync(new HistoryQuery(load.Hosts, HistoryFleetLoad.Metric, load.Start, load.End, step)));
        Figures.Print($"history_{name}_fleet_query_p50", fleet.P50, "ms");
        Figures.Print($"history_{name}_fleet_query_p99", fleet.P99, "ms");
        Figures.Print($"history_{name}_fleet_query_points", fleet.Points, "points");
        Figures.Print($"history_{name}_fleet_query_tier_width", HistoryTiers.WidthOf(fleet.Tier).TotalSeconds, "s");

        // The same fleet over the same day at one point per hour: the hour tier's 24 rows per host.
        var hourly = await TimeAsync(20, TimeSpan.FromSeconds(10), () =>
            store.QueryAsync(new HistoryQuery(load.Hosts, HistoryFleetLoad.Metric, load.Start, load.End, TimeSpan.FromHours(1))));
        Figures.Print($"history_{name}_fleet_hourly_query_p50", hourly.P50, "ms");
        Figures.Print($"history_{name}_fleet_hourly_query_p99", hourly.P99, "ms");

        // A collector fleet back-fills an hour it had buffered (samples at 5 s past each 10 s, 12 hours ago), after
        // that hour was rolled up: the next pass recomputes its minutes, five-minute periods and hour.
        var backfill = load.Start.AddHours(12);
        var late = load.Hosts.SelectMany((h, i) => Enumerable.Range(0, 360).Select(k => new Sample(h, HistoryFleetLoad.Metric, backfill.AddSeconds((10 * k) + 5), i + k))).ToList();
        foreach (var batch in late.Chunk(10_000))
        {
            await store.WriteAsync(batch);
        }

        var fold = Stopwatch.StartNew();
        await store.RollUpAndPruneAsync(now);
        Figures.Print($"history_{name}_backfill_rows", late.Count, "rows");
        Figures.Print($"history_{name}_backfill_rollup_seconds", fold.Elapsed.TotalSeconds, "s");
    }

    /// <summary>Runs <paramref name="query"/> up to <paramref name="count"/> times (after two warm-up runs) or until <paramref name="budget"/> is spent.</summary>
    private static async Task<(double P50, double P99, long Points, HistoryTier Tier)> TimeAsync(int count, TimeSpan budget, Func<Task<IReadOnlyList<HistorySeries>>> query)
    {
        await query();
        await query();
        var latencies = new List<double>();
        long points = 0;
        var tier = HistoryTier.Raw;
        var total = Stopwatch.StartNew();
        while (latencies.Count < count && total.Elapsed < budget)
        {
            var one = Stopwatch.StartNew();
            var series = await query();
            latencies.Add(one.Elapsed.TotalMilliseconds);
            points = series.Sum(s => (long)s.Points.Count);
            tier = series.Count > 0 ? series[0].Tier : tier;
        }

        latencies.Sort();
        return (Percentile(latencies, 50), Percentile(latencies, 99), points, tier);
    }

    private static double Percentile(List<double> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
