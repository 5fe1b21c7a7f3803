using Turtle.Twin.Predictions;

namespace Turtle.Twin.Tests.Predictions;

public sealed class RobustAnomalyTests
{
    private static readonly double[] Window = Enumerable.Range(0, 72).Select(i => 30 + 5 * Math.Sin(i / 6.0) + (i % 7 == 0 ? 40 : 0)).ToArray();

    [Fact]
    public void A_spike_is_flagged_and_an_ordinary_value_is_not_even_with_spikes_in_the_window()
    {
        var spike = RobustAnomaly.Check("cpu.percent", SyntheticSeries.Start, 95, Window, "test")!;
        var ordinary = RobustAnomaly.Check("cpu.percent", SyntheticSeries.Start, 33, Window, "test")!;

        Assert.True(spike.IsAnomalous);
        Assert.True(spike.Score > 3.5);
        Assert.True(spike.Confidence > 0.9);
        Assert.False(ordinary.IsAnomalous);
        Assert.InRange(ordinary.Median, 28, 34);
        Assert.True(ordinary.Confidence > 0.9);
    }

    [Fact]
    public void A_constant_window_does_not_flag_rounding_noise_and_a_short_window_gives_no_verdict()
    {
        var flat = Enumerable.Repeat(2.0, 48).ToList();

        Assert.False(RobustAnomaly.Check("memory.used_percent", SyntheticSeries.Start, 2.05, flat, "test")!.IsAnomalous);
        Assert.True(RobustAnomaly.Check("memory.used_percent", SyntheticSeries.Start, 3, flat, "test")!.IsAnomalous);
        Assert.Null(RobustAnomaly.Check("cpu.percent", SyntheticSeries.Start, 3, flat.Take(5).ToList(), "test"));
    }
}
