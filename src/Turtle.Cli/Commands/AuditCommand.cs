using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle audit</c>: the silo's audit log of writes, admin actions and refusals (admin).</summary>
public static class AuditCommand
{
    public static Command Create(CliOptions options)
    {
        var time = new TimeOptions("24h ago");
        var actor = new Option<string?>("--actor") { Description = "Only entries whose actor contains this (a user, a collector, tok_…)", HelpName = "text" };
        var action = new Option<string?>("--action") { Description = "Only actions starting with this (tokens, login, observations.post)", HelpName = "prefix" };
        var outcome = new Option<string?>("--outcome") { Description = "Only this outcome" }.AcceptOnlyFromAmong("allowed", "denied", "failed");
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first", DefaultValueFactory = _ => 200 };
        var format = CliOptions.Format("table", "json");
        var command = new Command("audit", "The audit log: who did what to which target, when, from where, and whether it was allowed (admin)")
        {
            time.From, time.To, actor, action, outcome, limit, format,
        };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var now = context.Time.GetUtcNow();
            var range = time.Range(parse, now, TimeSpan.FromDays(1));
            var entries = await context.Api.GetAuditAsync(range.From, range.To, parse.GetValue(actor), parse.GetValue(action), parse.GetValue(outcome),
                parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, entries, TurtleJsonContext.Indented.ListAuditEntryInfo);
            }
            else
            {
                context.Console.Write(AuditTable.Render(entries));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
