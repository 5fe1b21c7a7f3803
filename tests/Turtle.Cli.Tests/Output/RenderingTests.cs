using Turtle.Actors.History;
using Turtle.Cli.Api;
using Turtle.Cli.Commands;
using Turtle.Cli.Output;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Tests.Output;

/// <summary>The machine formats' escaping, and which change keys <c>watch</c> keeps.</summary>
public sealed class RenderingTests
{
    [Fact]
    public void Csv_quotes_fields_holding_commas_or_quotes()
    {
        var writer = new StringWriter();
        var time = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

        HistoryCsv.WriteRow(writer, new HistoryRow("dc1/a", "fs[/a,\"b\"].used_percent", HistoryTier.Minute, time, 1, 2, 1.5, 2, 3));

        Assert.Equal("dc1/a,\"fs[/a,\"\"b\"\"].used_percent\",Minute,2026-11-22T09:00:00Z,1,2,1.5,2,3" + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public void Dot_quotes_every_id_and_escapes_quotes()
    {
        var graph = new FleetGraph(
            [new GraphNode("dc1/a \"x\"", GraphNodeKind.Host, "a", "Ok")],
            [new GraphEdge("dc1", "dc1/a \"x\"", GraphEdgeKind.Contains)]);

        var dot = DotGraph.Render(graph);

        Assert.Contains("\"dc1/a \\\"x\\\"\" [label=\"a\", shape=box, color=darkgreen", dot);
        Assert.Contains("\"dc1\" -> \"dc1/a \\\"x\\\"\" [style=solid];", dot);
    }

    [Theory]
    [InlineData("dc1/a", "dc1/a", true)]
    [InlineData("dc1/a/12@3", "dc1/a", true)]
    [InlineData("dc1/a->dc2", "dc1/a", true)]
    [InlineData("dc1/ab", "dc1/a", false)]
    [InlineData("dc1/a", "dc1", true)]
    [InlineData("dc10/a", "dc1", false)]
    [InlineData("dc1", "dc1/a", false)]
    public void Watch_keeps_the_entity_and_what_lies_under_it(string changeKey, string entity, bool kept) =>
        Assert.Equal(kept, WatchCommand.Belongs(changeKey, entity));

    [Fact]
    public void A_problem_message_is_one_line_with_title_detail_and_fields()
    {
        var problem = new ProblemDetails
        {
            Title = "Invalid history query",
            Detail = "See the docs.",
            Errors = new() { ["step"] = ["too small\nreally."] },
        };

        var error = new ApiProblemException(System.Net.HttpStatusCode.BadRequest, problem, null);

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("the server answered 400 BadRequest: Invalid history query: See the docs. (step: too small really.)", error.Message);
    }
}
