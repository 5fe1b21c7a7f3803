using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle hosts [--dc dc1] [--health warning,critical]</c>: hosts, worst health first.</summary>
public static class HostsCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var dc = new Option<string?>("--dc") { Description = "Only hosts of this DC", HelpName = "dc" };
        var health = new Option<string[]>("--health")
        {
            Description = "Only hosts of these healths (Unknown, Ok, Warning, Critical, LostContact), comma-separated or repeated",
            HelpName = "health",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("hosts", "Hosts, worst health first") { dc, health, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var healths = parse.GetValue(health) is { Length: > 0 } chosen ? string.Join(',', chosen) : null;
            var hosts = await context.Api.GetHostsAsync(parse.GetValue(dc), healths, cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, hosts, TurtleJsonContext.Indented.ListHostSummary);
            }
            else
            {
                context.Console.Write(HostTable.Render(hosts, context.Time.GetUtcNow()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
