using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle alerts [--state firing] [--severity critical] [--dc dc1] [--host nas*]</c>: alerts grouped per host, worst first.</summary>
public static class AlertsCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var state = new Option<string?>("--state")
        {
            Description = "Which alerts: firing (default), pending, resolved, active (firing and pending) or all; comma-separated",
            HelpName = "state",
        };
        var severity = new Option<string[]>("--severity")
        {
            Description = "Only these severities (info, warning, critical), comma-separated or repeated",
            HelpName = "severity",
            AllowMultipleArgumentsPerToken = false,
        };
        var dc = new Option<string?>("--dc") { Description = "Only hosts of this DC", HelpName = "dc" };
        var host = new Option<string?>("--host") { Description = "Only hosts whose name (or dc/name) matches this glob: nas*, dc2/*", HelpName = "glob" };
        var command = new Command("alerts", "Alerts grouped per host, worst first: severity, since when, value against threshold") { state, severity, dc, host, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var severities = parse.GetValue(severity) is { Length: > 0 } chosen ? string.Join(',', chosen) : null;
            var alerts = await context.Api.GetAlertsAsync(parse.GetValue(state), severities, parse.GetValue(dc), parse.GetValue(host), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, alerts, TurtleJsonContext.Indented.AlertsView);
            }
            else
            {
                foreach (var part in AlertTable.Render(alerts, parse.GetValue(state) ?? "firing", context.Time.GetUtcNow()))
                {
                    context.Console.Write(part);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
