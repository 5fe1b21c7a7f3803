namespace Turtle.Silo.Tests.Telemetry;

/// <summary>The test parser refuses what the format forbids, so a metrics test that passes it means something.</summary>
public class PrometheusTextTests
{
    [Theory]
    [InlineData("a_total 1\n", "no TYPE")]
    [InlineData("# TYPE a counter\na 1", "no final line feed")]
    [InlineData("# TYPE a counter\na{x=\"1\"} 1\n# TYPE b gauge\nb 2\na{x=\"2\"} 1\n", "family split")]
    [InlineData("# TYPE a counter\n# TYPE a counter\na 1\n", "TYPE twice")]
    [InlineData("# TYPE a counter\na{x=1} 1\n", "unquoted label value")]
    [InlineData("# TYPE a counter\na{x=\"\\q\"} 1\n", "bad escape")]
    [InlineData("# TYPE a counter\na one\n", "not a float")]
    [InlineData("# TYPE a counter\na -1\n", "negative counter")]
    [InlineData("# TYPE a histogram\na_bucket 1\n", "bucket without le")]
    [InlineData("# TYPE a gauge\na_sum 1\n", "gauge with a suffix")]
    [InlineData("# TYPE 1a gauge\n", "bad metric name")]
    public void Refuses_what_the_format_forbids(string text, string why)
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void Reads_families_labels_escapes_and_special_values()
    {
        var families = PrometheusText.Parse("# HELP a A \\\\ help\\n.\n# TYPE a gauge\na{x=\"q\\\"\\n\\\\\",y=\"\"} +Inf\na NaN 1700000000000\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5e0\nh_count 2\n");
        Assert.Equal("A \\ help\n.", families["a"].Help);
        Assert.Equal("q\"\n\\", families["a"].Samples[0].Labels["x"]);
        Assert.True(double.IsPositiveInfinity(families["a"].Samples[0].Value));
        Assert.True(double.IsNaN(families["a"].Samples[1].Value));
        Assert.Equal(4, families["h"].Samples.Count);
    }
}
