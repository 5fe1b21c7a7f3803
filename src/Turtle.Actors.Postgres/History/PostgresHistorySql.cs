using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;

namespace Turtle.Actors.Postgres.History;

/// <summary>
/// The history tables' names and the one aggregate shape that folds a tier's rows into coarser buckets: the rollup
/// pass and dashboard queries use the same expressions, so they agree on every value.
/// </summary>
internal static class PostgresHistorySql
{
    /// <summary>The tier's name in table names and in <c>turtle_history_rollup_state</c>.</summary>
    public static string NameOf(HistoryTier tier) => HistoryTiers.NameOf(tier);

    public static string TableOf(HistoryTier tier) => "turtle_history_" + NameOf(tier);

    /// <summary>A tier's time column: a raw sample's time, a rollup row's period start.</summary>
    public static string TimeOf(HistoryTier tier) => tier == HistoryTier.Raw ? "time" : "bucket";

    /// <summary>
    /// min, max, sum, count, last time and last value of a group of <paramref name="tier"/>'s rows. sum(count::integer)
    /// sums in bigint, where a bigint sum would accumulate in numeric, several times slower; one series' count in one
    /// bucket cannot reach 2^31.
    /// </summary>
    public static string Aggregates(HistoryTier tier) => tier == HistoryTier.Raw
        ? $"min(value), max(value), sum(value), count(*), max(time), {LastOf("time", "value")}"
        : $"min(min), max(max), sum(sum), sum(count::integer), max(last_time), {LastOf("last_time", "last")}";

    // "last" is the value at the latest time, the greatest on a tie: the maximum of [epoch seconds, value] arrays
    // orders by time first, then value. date_part's double keeps distinct microseconds distinct and in order (its
    // spacing near 2026 is 0.24 µs), at a fraction of extract's numeric cost.
    private static string LastOf(string time, string value) => $"(max(ARRAY[date_part('epoch', {time}), {value}]))[2]";
}
