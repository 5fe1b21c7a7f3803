using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle graph --format json|dot</c>: the relationship graph, as the API's JSON or as Graphviz DOT.</summary>
public static class GraphCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("json", "dot");
        var dc = new Option<string?>("--dc") { Description = "Only this DC's part of the graph", HelpName = "dc" };
        var noProcesses = new Option<bool>("--no-processes") { Description = "Leave processes out (DCs, hosts and links only)" };
        var command = new Command("graph", "The relationship graph: DCs contain hosts, hosts run processes, links join hosts to hosts or DCs")
        {
            dc, noProcesses, format,
        };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var graph = await context.Api.GetGraphAsync(parse.GetValue(dc), !parse.GetValue(noProcesses), cancellationToken);
            if (parse.GetValue(format) == "dot")
            {
                context.Output.Write(DotGraph.Render(graph));
            }
            else
            {
                JsonOutput.Write(context.Output, graph, TurtleJsonContext.Indented.FleetGraph);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
