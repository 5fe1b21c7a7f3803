using System.CommandLine;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle status</c>: is the silo ready, which silos form the cluster, and every DC with its hosts by health. Exit 1 when not ready.</summary>
public static class StatusCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("status", "Silo health, the cluster's silos, and every DC with host counts by health (exit 1 when the silo is not ready)") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var api = context.Api;
            var readiness = await api.GetReadinessAsync(cancellationToken);
            var ready = readiness.Ready;
            var silos = await OrEmptyUnlessReady(api.GetSilosAsync(cancellationToken), ready);
            var dcs = await OrEmptyUnlessReady(api.GetDcsAsync(cancellationToken), ready);
            var report = new StatusReport(api.Server.ToString(), ready, silos, dcs);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, report, TurtleJsonContext.Indented.StatusReport);
            }
            else
            {
                var now = context.Time.GetUtcNow();
                context.Console.MarkupLine(ready
                    ? $"Silo at {Markup.Escape(report.Server)} is [green]ready[/]."
                    : $"Silo at {Markup.Escape(report.Server)} is [red]not ready[/] (starting or shutting down).");
                context.Console.Write(SiloTable.Render(silos, now));
                context.Console.Write(DcTable.Render(dcs, now));
            }

            if (ready)
            {
                return ExitCodes.Ok;
            }

            // On stderr too: a script reading -f json, or only the exit code, still gets told why.
            return CommandRunner.Fail(context.Error, readiness.Reason is { } reason
                ? $"the silo at {api.Server} is not ready: {reason}"
                : $"the silo at {api.Server} is not ready (starting or shutting down)", ExitCodes.ServerError);
        });
        return command;
    }

    /// <summary>A silo that is not ready may refuse queries; its status still shows what it could answer.</summary>
    private static async Task<List<T>> OrEmptyUnlessReady<T>(Task<List<T>> query, bool ready)
    {
        try
        {
            return await query;
        }
        catch (ApiProblemException) when (!ready)
        {
            return [];
        }
    }
}
