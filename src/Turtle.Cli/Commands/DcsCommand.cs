using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle dcs</c>: every DC with its status and host counts by health.</summary>
public static class DcsCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("dcs", "Every DC with its status and host counts by health") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var dcs = await context.Api.GetDcsAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, dcs, TurtleJsonContext.Indented.ListDcOverview);
            }
            else
            {
                context.Console.Write(DcTable.Render(dcs, context.Time.GetUtcNow()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
