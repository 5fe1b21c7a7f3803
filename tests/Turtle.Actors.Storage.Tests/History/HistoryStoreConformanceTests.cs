using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Storage.Tests.History;

/// <summary>The history store contract, written once and subclassed thinly by every provider.</summary>
public abstract class HistoryStoreConformanceTests : HistoryStoreTestHarness
{
    [Fact]
    public async Task Samples_round_trip_through_a_raw_query()
    {
        var from = T0.AddMinutes(-10);
        await Store.WriteAsync([S("h1", "cpu", from, 1.5), S("h1", "cpu", from.AddSeconds(10), -2.25), S("h1", "cpu", from.AddSeconds(25), 7)]);

        var series = Assert.Single(await Store.QueryAsync(new HistoryQuery(["h1"], "cpu", from, T0, TimeSpan.FromSeconds(5))));

        Assert.Equal(("h1", "cpu", HistoryTier.Raw), (series.Entity, series.Metric, series.Tier));
        Assert.Equal([new(from, 1.5, 1.5, 1.5, 1.5, 1), new(from.AddSeconds(10), -2.25, -2.25, -2.25, -2.25, 1), new(from.AddSeconds(25), 7, 7, 7, 7, 1)], series.Points);
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_is_stored_whole()
    {
        var from = T0.AddSeconds(-10_000);
        await Store.WriteAsync(Enumerable.Range(0, 10_000).Select(i => S("big", "rx", from.AddSeconds(i), i)).ToList());

        var series = Assert.Single(await Store.QueryAsync(new HistoryQuery(["big"], "rx", from, T0, TimeSpan.FromSeconds(50))));

        Assert.Equal(200, series.Points.Count);
        Assert.Equal(10_000, series.Points.Sum(p => p.Count));
        Assert.Equal(9_999, series.Points[^1].Last);
        Assert.Equal(10_000, await CountRowsAsync(HistoryTier.Raw));
    }

    [Fact]
    public async Task Each_entity_gets_its_own_series_of_the_asked_metric_only()
    {
        var at = T0.AddMinutes(-5);
        await Store.WriteAsync([S("a", "cpu", at, 1), S("b", "cpu", at, 2), S("c", "cpu", at, 3), S("a", "mem", at, 100), S("b", "cpu", at.AddSeconds(1), 4)]);

        var series = await Store.QueryAsync(new HistoryQuery(["b", "a", "missing"], "cpu", at, T0, TimeSpan.FromSeconds(30)));

        Assert.Equal(["b", "a"], series.Select(s => s.Entity));
        Assert.Equal(new HistoryPoint(at, 2, 4, 3, 4, 2), Assert.Single(series[0].Points));
        Assert.Equal(new HistoryPoint(at, 1, 1, 1, 1, 1), Assert.Single(series[1].Points));
    }

    [Fact]
    public async Task A_fleet_wide_query_answers_every_entity_in_the_order_asked()
    {
        var at = T0.AddMinutes(-5);
        var entities = Enumerable.Range(0, 150).Select(i => $"host-{i:D3}").Reverse().ToList();
        await Store.WriteAsync(entities.Select((e, i) => S(e, "cpu", at, i)).ToList());

        var series = await Store.QueryAsync(new HistoryQuery(entities, "cpu", at, T0, TimeSpan.FromSeconds(30)));

        Assert.Equal(entities, series.Select(s => s.Entity));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (double)i), series.Select(s => Assert.Single(s.Points).Last));
    }

    [Fact]
    public async Task Samples_fall_into_step_buckets_from_the_start_of_the_range_which_is_inclusive_and_the_end_exclusive()
    {
        var from = T0.AddSeconds(-60);
        // 0, 1, …, 11 at 5 s intervals, plus one sample exactly at the range's end, which must not count.
        var samples = Enumerable.Range(0, 12).Select(i => S("h", "load", from.AddSeconds(5 * i), i)).Append(S("h", "load", T0, 99)).ToList();
        await Store.WriteAsync(samples);

        var series = Assert.Single(await Store.QueryAsync(new HistoryQuery(["h"], "load", from, T0, TimeSpan.FromSeconds(20))));

        Assert.Equal(
            [new(from, 0, 3, 1.5, 3, 4), new(from.AddSeconds(20), 4, 7, 5.5, 7, 4), new(from.AddSeconds(40), 8, 11, 9.5, 11, 4)],
            series.Points);
    }

    [Fact]
    public async Task Labels_round_trip_with_raw_samples_and_a_sample_without_labels_stays_without()
    {
        var at = T0.AddMinutes(-1);
        var labels = new Dictionary<string, string> { ["dc"] = "dc1", ["role"] = "db", ["note"] = "ünïcode ✓" };
        await Store.WriteAsync([S("h", "cpu", at, 1, labels), S("h", "cpu", at.AddSeconds(1), 2)]);

        var read = await Store.ReadRawAsync("h", "cpu", at, T0);

        Assert.Equal(2, read.Count);
        Assert.Equal(labels.OrderBy(l => l.Key), read[0].Labels!.OrderBy(l => l.Key));
        Assert.Null(read[1].Labels);
        Assert.Equal((at, 1.0), (read[0].Time, read[0].Value));
    }

    [Theory]
    [InlineData("NaN", "Value")]
    [InlineData("PositiveInfinity", "Value")]
    [InlineData("NegativeInfinity", "Value")]
    [InlineData("TooFarInTheFuture", "Time")]
    [InlineData("OlderThanRawRetention", "Time")]
    [InlineData("EmptyEntity", "Entity")]
    [InlineData("EmptyMetric", "Metric")]
    [InlineData("LongEntity", "Entity")]
    [InlineData("LongMetric", "Metric")]
    [InlineData("TooManyLabels", "Labels")]
    [InlineData("LongLabelKey", "Labels")]
    [InlineData("LongLabelValue", "Labels")]
    [InlineData("EmptyLabelKey", "Labels")]
    public async Task Bad_data_rejects_the_whole_batch_naming_the_sample_and_field(string kind, string field)
    {
        var good = S("h", "cpu", T0.AddMinutes(-1), 1);
        var bad = kind switch
        {
            "NaN" => good with { Value = double.NaN },
            "PositiveInfinity" => good with { Value = double.PositiveInfinity },
            "NegativeInfinity" => good with { Value = double.NegativeInfinity },
            "TooFarInTheFuture" => good with { Time = T0 + Options.MaxFutureSkew + TimeSpan.FromSeconds(1) },
            "OlderThanRawRetention" => good with { Time = T0 - Options.RawRetention - TimeSpan.FromSeconds(1) },
            "EmptyEntity" => good with { Entity = "" },
            "EmptyMetric" => good with { Metric = "" },
            "LongEntity" => good with { Entity = new string('e', HistoryOptions.MaxNameLength + 1) },
            "LongMetric" => good with { Metric = new string('m', HistoryOptions.MaxNameLength + 1) },
            "TooManyLabels" => good with { Labels = Enumerable.Range(0, Options.MaxLabels + 1).ToDictionary(i => $"k{i}", i => "v") },
            "LongLabelKey" => good with { Labels = new Dictionary<string, string> { [new string('k', Options.MaxLabelKeyLength + 1)] = "v" } },
            "LongLabelValue" => good with { Labels = new Dictionary<string, string> { ["k"] = new string('v', Options.MaxLabelValueLength + 1) } },
            "EmptyLabelKey" => good with { Labels = new Dictionary<string, string> { [""] = "v" } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        var error = await Assert.ThrowsAsync<InvalidSampleException>(() => Store.WriteAsync([good, good with { Value = 2 }, bad, good with { Value = 3 }]));

        Assert.Equal((2, field), (error.Index, error.Field));
        Assert.Contains($"Sample 2", error.Message);
        Assert.Contains(field, error.Message);
        Assert.Equal(0, await CountRowsAsync(HistoryTier.Raw));
        Assert.Empty(await Store.QueryAsync(new HistoryQuery(["h"], "cpu", T0.AddHours(-1), T0, TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Samples_at_the_edges_of_the_accepted_window_are_stored()
    {
        await Store.WriteAsync([S("h", "cpu", T0 - Options.RawRetention, 1), S("h", "cpu", T0 + Options.MaxFutureSkew, 2)]);

        Assert.Equal(2, await CountRowsAsync(HistoryTier.Raw));
    }

    [Fact]
    public async Task Rollups_match_hand_computed_min_max_avg_last_and_count_per_minute_five_minutes_and_hour()
    {
        var samples = TwoHours("h", "cpu");
        // A literal five minutes: 3, 1, 4, 1, 5 in its first minute (min 1, max 5, avg 2.8, last 5, count 5) and 9, 2, 6
        // in its fourth (min 2, max 9, avg 17/3, last 6, count 3); the five minutes and the hour hold all eight: min 1,
        // max 9, avg 31/8 = 3.875, last 6, count 8.
        var literal = T0.AddHours(-3);
        var first = new double[] { 3, 1, 4, 1, 5 }.Select((v, i) => S("lit", "cpu", literal.AddSeconds(10 * i), v));
        var fourth = new double[] { 9, 2, 6 }.Select((v, i) => S("lit", "cpu", literal.AddMinutes(3).AddSeconds(15 * i), v));
        await Store.WriteAsync([.. samples, .. first, .. fourth]);

        await MaintainAtAsync(T0);

        var minutes = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(1)));
        Assert.Equal(HistoryTier.Minute, minutes.Tier);
        AssertPoints(ByPeriod(samples, TimeSpan.FromMinutes(1)), minutes.Points);
        var fiveMinutes = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(5)));
        Assert.Equal(HistoryTier.FiveMinute, fiveMinutes.Tier);
        AssertPoints(ByPeriod(samples, TimeSpan.FromMinutes(5)), fiveMinutes.Points);
        var tenMinutes = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(10)));
        Assert.Equal(HistoryTier.FiveMinute, tenMinutes.Tier);
        AssertPoints(ByPeriod(samples, TimeSpan.FromMinutes(10)), tenMinutes.Points);
        var hours = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromHours(1)));
        Assert.Equal(HistoryTier.Hour, hours.Tier);
        AssertPoints(ByPeriod(samples, TimeSpan.FromHours(1)), hours.Points);

        var whole = new HistoryPoint(literal, 1, 9, 3.875, 6, 8);
        AssertPoints([new(literal, 1, 5, 2.8, 5, 5), new(literal.AddMinutes(3), 2, 9, 17.0 / 3, 6, 3)],
            Assert.Single(await QueryAsync("lit", "cpu", literal, T0, TimeSpan.FromMinutes(1))).Points);
        AssertPoints([whole], Assert.Single(await QueryAsync("lit", "cpu", literal, T0, TimeSpan.FromMinutes(5))).Points);
        AssertPoints([whole], Assert.Single(await QueryAsync("lit", "cpu", literal, T0, TimeSpan.FromHours(1))).Points);
    }

    [Fact]
    public async Task Only_completed_periods_are_rolled_up_yet_queries_see_every_sample_and_a_later_pass_counts_nothing_twice()
    {
        var samples = TwoHours("h", "cpu");
        await Store.WriteAsync(samples);

        await Store.RollUpAndPruneAsync(T0.AddMinutes(-30).AddSeconds(30));

        // Rolled: 90 minutes, 18 five-minute periods, 1 hour; the rest is still raw (or in the finer tier) ...
        Assert.Equal(new long[] { samples.Count, 90, 18, 1 }, await CountAllAsync());
        // ... and a query by any step still sees all two hours, the newest part read from the finer tiers.
        AssertPoints(ByPeriod(samples, TimeSpan.FromMinutes(1)), Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(1))).Points);
        AssertPoints(ByPeriod(samples, TimeSpan.FromMinutes(5)), Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(5))).Points);
        AssertPoints(ByPeriod(samples, TimeSpan.FromHours(1)), Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromHours(1))).Points);

        await MaintainAtAsync(T0);

        await AssertRolledUpAsync("h", samples);
    }

    [Fact]
    public async Task Rolling_up_twice_changes_nothing()
    {
        await Store.WriteAsync(TwoHours("h", "cpu"));
        await MaintainAtAsync(T0);

        await AssertReplayChangesNothingAsync(T0);
    }

    [Fact]
    public async Task The_step_picks_the_tier_and_a_tier_past_its_retention_hands_over_to_the_next()
    {
        var samples = TwoHours("h", "cpu");
        await Store.WriteAsync(samples);
        await MaintainAtAsync(T0);
        foreach (var (seconds, tier) in new[]
                 {
                     (10, HistoryTier.Raw), (59, HistoryTier.Raw), (60, HistoryTier.Minute), (299, HistoryTier.Minute),
                     (300, HistoryTier.FiveMinute), (3599, HistoryTier.FiveMinute), (3600, HistoryTier.Hour), (7200, HistoryTier.Hour),
                 })
        {
            Assert.Equal(tier, Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromSeconds(seconds))).Tier);
        }

        AssertPoints([Expected(T0.AddHours(-2), samples)], Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromHours(2))).Points);

        // Eight days on the raw rows are gone, 91 days on the minutes, 366 days on the five-minute rows: a fine step is
        // answered from the finest tier that still keeps the query's start.
        foreach (var (days, tier, width) in new[]
                 {
                     (8, HistoryTier.Minute, TimeSpan.FromMinutes(1)), (91, HistoryTier.FiveMinute, TimeSpan.FromMinutes(5)), (366, HistoryTier.Hour, TimeSpan.FromHours(1)),
                 })
        {
            await MaintainAtAsync(T0.AddDays(days));
            var fine = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromSeconds(10)));
            Assert.Equal(tier, fine.Tier);
            AssertPoints(ByPeriod(samples, width), fine.Points);
        }
    }

    [Fact]
    public async Task Each_tier_is_pruned_at_its_own_retention_and_keeps_what_is_younger()
    {
        var old = TwoHours("h", "cpu");
        await Store.WriteAsync(old);
        await MaintainAtAsync(T0);
        Assert.Equal(new long[] { old.Count, 120, 24, 2 }, await CountAllAsync());

        Clock.Advance(TimeSpan.FromDays(8));
        var fresh = T0.AddDays(8).AddMinutes(-10);
        await Store.WriteAsync([S("h", "cpu", fresh, 1), S("h", "cpu", fresh.AddSeconds(30), 2)]);
        await MaintainAtAsync(T0.AddDays(8));
        Assert.Equal(new long[] { 2, 121, 25, 3 }, await CountAllAsync());

        await MaintainAtAsync(T0.AddDays(91));
        Assert.Equal(new long[] { 0, 1, 25, 3 }, await CountAllAsync());
        var fromFiveMinutes = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(1)));
        Assert.Equal(HistoryTier.FiveMinute, fromFiveMinutes.Tier);
        AssertPoints(ByPeriod(old, TimeSpan.FromMinutes(5)), fromFiveMinutes.Points);

        await MaintainAtAsync(T0.AddDays(366));
        Assert.Equal(new long[] { 0, 0, 1, 3 }, await CountAllAsync());
        var fromHours = Assert.Single(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromMinutes(5)));
        Assert.Equal(HistoryTier.Hour, fromHours.Tier);
        AssertPoints(ByPeriod(old, TimeSpan.FromHours(1)), fromHours.Points);

        await MaintainAtAsync(T0.AddDays(731));
        Assert.Equal(new long[] { 0, 0, 0, 1 }, await CountAllAsync());
        Assert.Empty(await QueryAsync("h", "cpu", T0.AddHours(-2), T0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Late_samples_are_folded_into_the_minute_five_minute_and_hour_rows_already_rolled_up()
    {
        var samples = TwoHours("h", "cpu");
        await Store.WriteAsync(samples);
        await MaintainAtAsync(T0);

        // A collector back-fills after an outage, all in periods every tier has rolled up: a new maximum mid-hour, a new
        // minimum that is also the last value of the first hour (and of its last five minutes and minute), and a series
        // that had no rows at all.
        var late = new[] { S("h", "cpu", T0.AddMinutes(-90).AddSeconds(7), 1000), S("h", "cpu", T0.AddMinutes(-60).AddSeconds(-1), -1000) };
        await Store.WriteAsync([.. late, S("new", "cpu", T0.AddMinutes(-100), 42)]);
        await MaintainAtAsync(T0.AddSeconds(30));

        await AssertRolledUpAsync("h", [.. samples, .. late]);
        Assert.Equal(new long[] { samples.Count + 3, 121, 25, 3 }, await CountAllAsync());
        var expected = new HistoryPoint(T0.AddMinutes(-100), 42, 42, 42, 42, 1);
        foreach (var step in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(20) })
        {
            AssertPoints([expected], Assert.Single(await QueryAsync("new", "cpu", T0.AddMinutes(-100), T0, step)).Points);
        }

        AssertPoints([expected with { Time = T0.AddHours(-2) }], Assert.Single(await QueryAsync("new", "cpu", T0.AddHours(-2), T0, TimeSpan.FromHours(1))).Points);

        // A replayed pass finds nothing left to fold.
        await AssertReplayChangesNothingAsync(T0.AddSeconds(30));
    }

    [Fact]
    public async Task A_late_sample_in_a_period_only_the_finer_tiers_have_rolled_is_counted_once()
    {
        var samples = TwoHours("h", "cpu");
        await Store.WriteAsync(samples);
        // Minutes are rolled up to T0 - 32 min, five-minute periods to T0 - 35 min, hours to T0 - 1 h.
        await Store.RollUpAndPruneAsync(T0.AddMinutes(-32).AddSeconds(10));
        var late = new[] { S("h", "cpu", T0.AddMinutes(-33).AddSeconds(20), 500), S("h", "cpu", T0.AddMinutes(-50), -500) };
        await Store.WriteAsync(late);

        await MaintainAtAsync(T0);

        await AssertRolledUpAsync("h", [.. samples, .. late]);
    }

    [Fact]
    public async Task Two_stores_on_one_database_rolling_up_together_count_every_sample_once()
    {
        var second = await SecondStoreAsync();
        var hosts = Enumerable.Range(0, 4).Select(i => $"host-{i}").ToList();
        await Store.WriteAsync(hosts.SelectMany(h => TwoHours(h, "cpu")).ToList());

        await Task.WhenAll(Task.Run(() => Store.RollUpAndPruneAsync(T0)), Task.Run(() => second.RollUpAndPruneAsync(T0)));
        var late = S("host-1", "cpu", T0.AddMinutes(-61).AddSeconds(59), 777);
        await second.WriteAsync([late]);
        await Task.WhenAll(Task.Run(() => Store.RollUpAndPruneAsync(T0.AddSeconds(20))), Task.Run(() => second.RollUpAndPruneAsync(T0.AddSeconds(20))));

        Assert.Equal(new long[] { (4 * TwoHours("h", "cpu").Count) + 1, 4 * 120, 4 * 24, 4 * 2 }, await CountAllAsync());
        foreach (var host in hosts)
        {
            var samples = TwoHours(host, "cpu");
            await AssertRolledUpAsync(host, host == late.Entity ? [.. samples, late] : samples);
        }
    }
}
