namespace Turtle.Collector.Scrape;

/// <summary>An exposition that does not follow the Prometheus text format, with the line where it stops doing so.</summary>
public sealed class PrometheusFormatException(int line, string problem)
    : FormatException($"Prometheus text format, line {line}: {problem}")
{
    /// <summary>The 1-based line number of the problem.</summary>
    public int Line { get; } = line;

    /// <summary>The problem, without the line.</summary>
    public string Problem { get; } = problem;
}
