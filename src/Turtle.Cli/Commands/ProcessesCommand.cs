using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle processes dc2/nas</c>: the processes the host last listed, busiest first; exit 3 for an unknown host.</summary>
public static class ProcessesCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var key = new Argument<string>("dc/host") { Description = "The host, as <dc>/<host> (dc2/nas)" };
        var command = new Command("processes", "The processes a host last listed, busiest first") { key, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var host = HostKey.Parse(parse.GetValue(key));
            var processes = await context.Api.GetProcessesAsync(host, cancellationToken) ?? throw CliException.NotFound($"no host {host}");
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, processes, TurtleJsonContext.Indented.ListProcessTwin);
            }
            else
            {
                context.Console.Write(ProcessTable.Render(host.ToString(), processes));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
