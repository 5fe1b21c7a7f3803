using Turtle.Cli.Time;

namespace Turtle.Cli.Tests.Time;

/// <summary>Times, durations and ranges as the command line gives them.</summary>
public sealed class TimeExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 15, TimeSpan.Zero);

    [Theory]
    [InlineData("now", "2026-11-22T09:30:15Z")]
    [InlineData("-24h", "2026-11-21T09:30:15Z")]
    [InlineData("-30m", "2026-11-22T09:00:15Z")]
    [InlineData("-7d", "2026-11-15T09:30:15Z")]
    [InlineData("-1w", "2026-11-15T09:30:15Z")]
    [InlineData("+90s", "2026-11-22T09:31:45Z")]
    [InlineData("now-1.5h", "2026-11-22T08:00:15Z")]
    [InlineData("2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z")]
    [InlineData("2026-11-20T10:00:00+02:00", "2026-11-20T08:00:00Z")]
    [InlineData("2026-11-20T08:00:00", "2026-11-20T08:00:00Z")] // no offset: UTC
    public void Reads_iso_now_and_relative_times(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeExpression.Parse(text, Now, "--from"));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-24")]
    [InlineData("24x")]
    [InlineData("")]
    public void Refuses_anything_else_as_usage_naming_the_option(string text)
    {
        var error = Assert.Throws<CliException>(() => TimeExpression.Parse(text, Now, "--to"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("bad time for --to:", error.Message);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("00:05:00", 300)]
    public void Reads_durations(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text, "--step"));

    [Theory]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("fast")]
    public void Refuses_durations_that_are_not_positive(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => Duration.Parse(text, "--step")).ExitCode);

    [Fact]
    public void A_range_whose_from_is_not_before_its_to_is_a_bad_range()
    {
        var error = Assert.Throws<CliException>(() => TimeRange.Parse("now", "-1h", Now, TimeSpan.FromHours(1)));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("bad time range: --from 2026-11-22T09:30:15Z is not before --to 2026-11-22T08:30:15Z", error.Message);
        Assert.Throws<CliException>(() => TimeRange.Parse("-1h", "-1h", Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_range_defaults_to_its_length_before_now()
    {
        var range = TimeRange.Parse(null, null, Now, TimeSpan.FromHours(24));

        Assert.Equal(new TimeRange(Now.AddHours(-24), Now), range);
    }

    [Fact]
    public void Aligning_rounds_from_down_and_to_up_to_whole_steps()
    {
        var range = new TimeRange(Now.AddHours(-2), Now).Align(TimeSpan.FromMinutes(5));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 7, 30, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 35, 0, TimeSpan.Zero), range.To);
        Assert.Equal(range, range.Align(TimeSpan.FromMinutes(5)));
    }
}
