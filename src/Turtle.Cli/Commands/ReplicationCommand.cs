using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle replication</c>: the silo's read-only replicas (an observer keeps them), how many, and how far they trail.</summary>
public static class ReplicationCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("replication", "The silo's read-only replicas of the twins: counts and replication lag") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var view = await context.Api.GetReplicationAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, view, TurtleJsonContext.Indented.ReplicationView);
            }
            else
            {
                context.Console.Write(ReplicationReport.Render(view, context.Time.GetUtcNow()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
