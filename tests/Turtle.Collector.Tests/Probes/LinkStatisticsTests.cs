using Turtle.Collector.Probes;

namespace Turtle.Collector.Tests.Probes;

/// <summary>A round's connect times as RTT (median), jitter (mean successive difference) and loss.</summary>
public class LinkStatisticsTests
{
    private static readonly LinkProbe Link = new("dc2/gw", "10.0.2.1:22", new HostPort("10.0.2.1", 22, System.Net.IPAddress.Parse("10.0.2.1")), 3, TimeSpan.FromSeconds(1));

    [Fact]
    public void All_answered_gives_the_median_the_mean_successive_difference_and_no_loss()
    {
        var link = LinkStatistics.Summarize(Link, [10.0, 30.0, 20.0]);

        Assert.Equal("dc2/gw", link.To);
        Assert.Equal("10.0.2.1:22", link.Target);
        Assert.Equal(20, link.RttMs);
        Assert.Equal(15, link.JitterMs); // (|30 − 10| + |20 − 30|) / 2, in the order started, not sorted
        Assert.Equal(0, link.LossPercent);
    }

    [Fact]
    public void One_slow_probe_moves_the_jitter_but_not_the_rtt()
    {
        var link = LinkStatistics.Summarize(Link, [10.0, 10.2, 400.0]);

        Assert.Equal(10.2, link.RttMs);
        Assert.Equal(195, link.JitterMs);
    }

    [Fact]
    public void Lost_probes_count_as_loss_and_are_skipped_for_rtt_and_jitter()
    {
        var link = LinkStatistics.Summarize(Link, [12.0, null, 16.0, null]);

        Assert.Equal(14, link.RttMs); // the mean of the middle two of an even count
        Assert.Equal(4, link.JitterMs);
        Assert.Equal(50, link.LossPercent);
    }

    [Fact]
    public void One_answer_has_an_rtt_but_no_jitter()
    {
        var link = LinkStatistics.Summarize(Link, [null, 7.5, null]);

        Assert.Equal(7.5, link.RttMs);
        Assert.Null(link.JitterMs);
        Assert.Equal(66.667, link.LossPercent);
    }

    [Fact]
    public void No_answer_has_no_rtt_and_full_loss()
    {
        var link = LinkStatistics.Summarize(Link, [null, null, null]);

        Assert.Null(link.RttMs);
        Assert.Null(link.JitterMs);
        Assert.Equal(100, link.LossPercent);
    }

    [Fact]
    public void Times_are_rounded_to_the_microsecond()
    {
        var link = LinkStatistics.Summarize(Link, [0.0734567, 0.0812345]);

        Assert.Equal(0.077, link.RttMs);
        Assert.Equal(0.008, link.JitterMs);
    }
}
