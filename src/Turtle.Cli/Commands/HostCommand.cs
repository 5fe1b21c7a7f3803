using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle host dc1/udm-pro</c>: one host's twin; exit 3 when the API has no such host.</summary>
public static class HostCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var key = new Argument<string>("dc/host") { Description = "The host, as <dc>/<host> (dc1/udm-pro)" };
        var command = new Command("host", "One host's twin: facts, latest metrics, health and its findings") { key, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var host = HostKey.Parse(parse.GetValue(key));
            var twin = await context.Api.GetHostAsync(host, cancellationToken) ?? throw CliException.NotFound($"no host {host}");
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, twin, TurtleJsonContext.Indented.HostTwin);
            }
            else
            {
                foreach (var part in HostView.Render(twin, context.Time.GetUtcNow()))
                {
                    context.Console.Write(part);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
