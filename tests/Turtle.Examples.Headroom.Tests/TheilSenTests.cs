namespace Turtle.Examples.Headroom.Tests;

/// <summary>The trend behind the disk forecast: exact on a line, unmoved by a minority of outliers.</summary>
public sealed class TheilSenTests
{
    [Fact]
    public void A_straight_line_is_recovered_exactly()
    {
        var points = Enumerable.Range(0, 20).Select(i => (X: (double)i, Y: 3 + 2.5 * i)).ToList();

        var (slope, intercept) = TheilSen.Fit(points)!.Value;

        Assert.Equal(2.5, slope, 9);
        Assert.Equal(3, intercept, 9);
    }

    [Fact]
    public void A_quarter_of_wild_outliers_leaves_the_slope_where_least_squares_would_not()
    {
        var points = Enumerable.Range(0, 40).Select(i => (X: (double)i, Y: i % 4 == 0 ? 1_000.0 * (40 - i) : 10 + i)).ToList();

        var (slope, _) = TheilSen.Fit(points)!.Value;

        Assert.InRange(slope, 0.8, 1.2);
    }

    [Fact]
    public void Points_all_at_one_time_have_no_line() =>
        Assert.Null(TheilSen.Fit([(1, 1), (1, 2), (1, 3)]));
}
