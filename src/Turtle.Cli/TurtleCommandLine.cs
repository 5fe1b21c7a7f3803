using System.CommandLine;
using System.CommandLine.Help;
using Turtle.Cli.Commands;

namespace Turtle.Cli;

/// <summary>The <c>turtle</c> command tree: one command per file under Commands/, sharing <see cref="CliOptions"/>.</summary>
public static class TurtleCommandLine
{
    /// <summary>
    /// The root is a command named <c>turtle</c> rather than a <see cref="RootCommand"/>, whose name is the entry assembly's
    /// (help would say <c>Turtle.Cli</c>); help and version are added as RootCommand adds them.
    /// </summary>
    public static Command Create()
    {
        var options = new CliOptions();
        return new Command("turtle", "turtle: query and follow a Turtle.Actors silo (fleet status, hosts, history, live changes, exports, alerts, predictions, failover, tokens, audit)")
        {
            new HelpOption(),
            new VersionOption(),
            options.Server,
            options.Token,
            StatusCommand.Create(options),
            DcsCommand.Create(options),
            HostsCommand.Create(options),
            HostCommand.Create(options),
            PredictionsCommand.Create(options),
            AlertsCommand.Create(options),
            ProcessesCommand.Create(options),
            LinksCommand.Create(options),
            GraphCommand.Create(options),
            HistoryCommand.Create(options),
            WatchCommand.Create(options),
            ExportCommand.Create(options),
            FailoverCommand.Create(options),
            ReplicationCommand.Create(options),
            LoginCommand.Create(options),
            TokensCommand.Create(options),
            UsersCommand.Create(options),
            AuditCommand.Create(options),
        };
    }

    /// <summary>Parses and runs; parse errors are usage errors (exit 2), each on its own line.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var invocation = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parse = Create().Parse(args, new ParserConfiguration { EnablePosixBundling = false });
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                invocation.Error.WriteLine($"turtle: {parseError.Message}");
            }

            invocation.Error.WriteLine("Run 'turtle --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(invocation);
    }
}
