using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle links [--dc dc1]</c>: every network link with its status, round trip and loss.</summary>
public static class LinksCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var dc = new Option<string?>("--dc") { Description = "Only links starting in this DC", HelpName = "dc" };
        var command = new Command("links", "Every network link with its status, round trip and loss") { dc, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var links = await context.Api.GetLinksAsync(parse.GetValue(dc), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, links, TurtleJsonContext.Indented.ListLinkTwin);
            }
            else
            {
                context.Console.Write(LinkTable.Render(links, context.Time.GetUtcNow()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
