using Turtle.Twin.Predictions;
using Turtle.Twin.Twins;
using Xunit.Abstractions;

namespace Turtle.Twin.Tests.Predictions;

/// <summary>
/// Disk-full ETAs against synthetic filesystems whose true fill time is known: a 500 GB disk, 200 GB used, growing at a
/// steady rate with a daily wiggle (logs written by day) and Gaussian noise, one point an hour for 7 days. The ETA must
/// land within 10 % of the true time left.
/// </summary>
public sealed class DiskFullBacktestTests(ITestOutputHelper output)
{
    private const double Gb = 1e9;
    private const double Size = 500 * Gb;

    public static TheoryData<double, int> Rates() => new()
    {
        { 1, 1 }, { 1, 2 }, { 5, 3 }, { 5, 4 }, { 20, 5 }, { 20, 6 },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void The_eta_lands_within_10_percent_of_the_true_fill_time(double gbPerDay, int seed)
    {
        var points = Disk(seed, gbPerDay * Gb);

        var prediction = DiskFullForecaster.Predict("/data", Size, points);

        var last = points[^1].Time;
        var trueLeft = TrueFill(gbPerDay * Gb) - last;
        var predictedLeft = prediction.FullAt!.Value - last;
        var error = Math.Abs((predictedLeft - trueLeft) / trueLeft);
        output.WriteLine($"{gbPerDay} GB/day seed {seed}: true {trueLeft.TotalDays:0.00} d, predicted {predictedLeft.TotalDays:0.00} d " +
                         $"({error:P2}), range {(prediction.FullAtEarliest!.Value - last).TotalDays:0.00}–{(prediction.FullAtLatest!.Value - last).TotalDays:0.00} d, confidence {prediction.Confidence:0.00}");
        Assert.Equal(DiskTrend.Rising, prediction.Trend);
        Assert.True(error < 0.10, $"ETA error {error:P1}");
        Assert.InRange(TrueFill(gbPerDay * Gb), prediction.FullAtEarliest.Value - TimeSpan.FromDays(1), prediction.FullAtLatest.Value + TimeSpan.FromDays(1));
        Assert.InRange(prediction.Confidence, 0.5, 1);
    }

    [Fact]
    public void Wild_points_and_a_cleanup_do_not_move_the_eta()
    {
        var random = new Random(11);
        var points = Disk(8, 5 * Gb).Select((p, i) =>
        {
            // A clean-up of 40 GB on day 3; one point in ten wildly off (a failed read, a temporary file).
            var used = p.UsedBytes - (i >= 72 ? 40 * Gb : 0);
            return (p.Time, random.Next(10) == 0 ? used + (random.NextDouble() - 0.3) * 60 * Gb : used);
        }).ToList();

        var prediction = DiskFullForecaster.Predict("/data", Size, points);

        var last = points[^1].Time;
        var trueLeft = TrueFill(5 * Gb) + TimeSpan.FromDays(8) - last; // 40 GB freed at 5 GB/day: 8 days later
        var error = Math.Abs((prediction.FullAt!.Value - last - trueLeft) / trueLeft);
        output.WriteLine($"with a clean-up and 10 % wild points: error {error:P2}, note: {prediction.Note}");
        Assert.Equal(DiskTrend.Rising, prediction.Trend);
        Assert.Contains("clean-up", prediction.Note);
        Assert.True(error < 0.10, $"ETA error {error:P1}");
    }

    [Theory]
    [InlineData(0, DiskTrend.Flat)]
    [InlineData(-3, DiskTrend.Falling)]
    [InlineData(0.1, DiskTrend.Flat)] // rising, but 300 GB at 0.1 GB/day is 8 years away
    public void A_flat_falling_or_very_slow_trend_has_no_eta(double gbPerDay, DiskTrend expected)
    {
        var prediction = DiskFullForecaster.Predict("/", Size, Disk(9, gbPerDay * Gb));

        Assert.Equal(expected, prediction.Trend);
        Assert.Null(prediction.FullAt);
    }

    [Fact]
    public void Too_little_history_says_so_and_a_full_disk_is_full()
    {
        var start = SyntheticSeries.Start;
        var few = DiskFullForecaster.Predict("/", Size, [(start, 1 * Gb), (start.AddMinutes(5), 2 * Gb)]);
        var full = DiskFullForecaster.Predict("/", Size, [(start, Size)]);

        Assert.Equal(DiskTrend.InsufficientData, few.Trend);
        Assert.Equal(0, few.Confidence);
        Assert.Equal(DiskTrend.Full, full.Trend);
        Assert.Equal(start, full.FullAt);
    }

    private static DateTimeOffset TrueFill(double bytesPerDay) => SyntheticSeries.Start + TimeSpan.FromDays((Size - 200 * Gb) / bytesPerDay);

    private static List<(DateTimeOffset Time, double UsedBytes)> Disk(int seed, double bytesPerDay)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 7 * 24).Select(h =>
        {
            var days = h / 24.0;
            var used = 200 * Gb + bytesPerDay * days + 0.3 * Gb * Math.Sin(2 * Math.PI * days) + 0.2 * Gb * SyntheticSeries.Gaussian(random);
            return (SyntheticSeries.Start + TimeSpan.FromDays(days), used);
        }).ToList();
    }
}
