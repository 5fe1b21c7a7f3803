using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle failover status</c>: phase, epoch, failed and promoted DC, each DC's health with its three vantage verdicts,
/// whether the answering silo takes writes, and the newest decisions.
/// </summary>
public static class FailoverStatusCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("status", "Failover phase and epoch, each DC's health from three vantage points, this silo's right to write, the newest decisions") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var view = await context.Api.GetFailoverAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, view, TurtleJsonContext.Indented.FailoverView);
            }
            else
            {
                foreach (var part in FailoverReport.Render(view, context.Time.GetUtcNow()))
                {
                    context.Console.Write(part);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
