using Turtle.Collector.Scrape;

namespace Turtle.Collector.Tests.Scrape;

/// <summary>Each rule of the text exposition format, accepted and refused.</summary>
public class PrometheusTextParserTests
{
    private readonly PrometheusTextParser _parser = new();

    [Fact]
    public void Help_type_comments_and_blank_lines()
    {
        var scrape = _parser.Parse("""
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            # a comment, and the blank line below

              # an indented comment
            node_load1 0.21
            # HELP http_requests_total Requests, by code.\nSecond line; a backslash \\ and an odd \q stay.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 1027
            #TYPE spaced_less untyped
            spaced_less 1
            """);

        Assert.Equal([("node_load1", 0.21), ("http_requests_total", 1027), ("spaced_less", 1)], scrape.Samples.Select(s => (s.Name, s.Value)));
        Assert.Equal(new PrometheusFamily("node_load1", PrometheusMetricType.Gauge, "1m load average."), scrape.Families["node_load1"]);
        Assert.Equal("Requests, by code.\nSecond line; a backslash \\ and an odd \\q stay.", scrape.Families["http_requests_total"].Help);
        Assert.Equal(PrometheusMetricType.Counter, scrape.Families["http_requests_total"].Type);
        Assert.Equal(PrometheusMetricType.Untyped, scrape.Families["spaced_less"].Type);
    }

    [Fact]
    public void Labels_with_escapes_blanks_and_a_trailing_comma()
    {
        var scrape = _parser.Parse("""
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            spaced { a = "1" , b="x}y",} 2
            empty{} 3
            tight{a="1"}4
            """);

        var first = scrape.Samples[0];
        Assert.Equal("C:\\DIR\\FILE.TXT", first.Label("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", first.Label("error"));
        Assert.Equal(1.458255915e9, first.Value);
        Assert.Equal([new PrometheusLabel("a", "1"), new PrometheusLabel("b", "x}y")], scrape.Samples[1].Labels);
        Assert.Empty(scrape.Samples[2].Labels);
        Assert.Equal(4, scrape.Samples[3].Value);
        Assert.Null(first.Label("absent"));
    }

    [Fact]
    public void Special_values_timestamps_and_line_endings()
    {
        var scrape = _parser.Parse("a NaN\r\nb +Inf\nc -Inf\nd Inf 1395066363000\ne -0.5e-3 -1000\nf\t7\t\n");

        Assert.True(double.IsNaN(scrape.Samples[0].Value));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity], scrape.Samples.Skip(1).Take(3).Select(s => s.Value));
        Assert.Equal([null, null, null, 1395066363000, -1000, null], scrape.Samples.Select(s => s.TimestampMs));
        Assert.Equal(-0.0005, scrape.Samples[4].Value);
        Assert.Equal(7, scrape.Samples[5].Value);
    }

    [Fact]
    public void Repeated_names_and_values_share_one_string()
    {
        var scrape = _parser.Parse("x{mode=\"idle\"} 1\nx{mode=\"idle\"} 2\n");

        Assert.Same(scrape.Samples[0].Name, scrape.Samples[1].Name);
        Assert.Same(scrape.Samples[0].Labels[0].Value, scrape.Samples[1].Labels[0].Value);
        Assert.Equal([1.0, 2.0], scrape.Named("x").Select(s => s.Value));
        Assert.Empty(scrape.Named("y"));
    }

    [Theory]
    [InlineData("ok 1\n{cpu=\"0\"} 1", 2, "expected a metric name, a comment or a blank line")]
    [InlineData("ok 1\nok 2\n3rd_metric 1", 3, "expected a metric name, a comment or a blank line")]
    [InlineData("node_load1", 1, "node_load1 has no value")]
    [InlineData("node_load1 one", 1, "invalid value \"one\" (a number, NaN, +Inf or -Inf)")]
    [InlineData("node_load1 1 2 3", 1, "unexpected text after the timestamp of node_load1")]
    [InlineData("node_load1 1 1.5", 1, "invalid timestamp \"1.5\" (milliseconds since the epoch, an integer)")]
    [InlineData("x{a=\"1\" b=\"2\"} 1", 1, "expected ',' or '}' after the value of label a")]
    [InlineData("x{a=\"1\"", 1, "labels not closed with '}'")]
    [InlineData("x{a=\"1\"}", 1, "x has no value")]
    [InlineData("x{a=\"1} 1", 1, "a label value is not closed with '\"'")]
    [InlineData("x{a=1} 1", 1, "expected '\"' to open the value of label a")]
    [InlineData("x{a} 1", 1, "expected '=' after label a")]
    [InlineData("x{1a=\"1\"} 1", 1, "expected a label name, found '1'")]
    [InlineData("x{a:b=\"1\"} 1", 1, "expected '=' after label a")]
    [InlineData("x{a=\"\\t\"} 1", 1, "invalid escape \\t in a label value (only \\\\, \\\" and \\n)")]
    [InlineData("x{a=\"1\",a=\"2\"} 1", 1, "label a appears twice")]
    [InlineData("x-y 1", 1, "unexpected character '-' after x")]
    [InlineData("# TYPE x countr", 1, "unknown metric type \"countr\" for x (counter, gauge, histogram, summary or untyped)")]
    [InlineData("# TYPE x counter\n# TYPE x gauge", 2, "a second TYPE line for x")]
    [InlineData("# HELP x a\n# HELP x b", 2, "a second HELP line for x")]
    [InlineData("# TYPE", 1, "# TYPE needs a metric name")]
    [InlineData("# TYPE x counter extra", 1, "unexpected text after the type of x")]
    public void Lines_breaking_the_format_are_refused_with_their_line_number(string text, int line, string problem)
    {
        var error = Assert.Throws<PrometheusFormatException>(() => _parser.Parse(text));

        Assert.Equal((line, problem), (error.Line, error.Problem));
        Assert.Equal($"Prometheus text format, line {line}: {problem}", error.Message);
    }
}
