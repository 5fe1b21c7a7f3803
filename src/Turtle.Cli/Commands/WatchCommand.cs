using System.CommandLine;
using System.Text.Json;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle watch dc1/udm-pro</c>: follows the silo's change feed (server-sent events) for one entity and what belongs to
/// it (a host's processes and links; a DC's hosts), one line per change, until Ctrl+C, which ends it with exit 0.
/// </summary>
public static class WatchCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var entity = new Argument<string>("entity") { Description = "A DC (dc1), host (dc1/udm-pro), process or link key; changes of it and of what it contains" };
        var command = new Command("watch", "Follow an entity's changes live (server-sent events) until Ctrl+C") { entity, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var key = parse.GetRequiredValue(entity).Trim();
            if (key.Length == 0)
            {
                throw CliException.Usage("watch needs an entity, like dc1 or dc1/udm-pro");
            }

            var json = parse.GetValue(format) == "json";
            try
            {
                await foreach (var item in context.Api.FollowChangesAsync(key, () => Connected(context, key), cancellationToken))
                {
                    if (item.Change is { } change && Belongs(change.Key, key))
                    {
                        context.Output.WriteLine(json ? JsonSerializer.Serialize(change, TurtleJsonContext.Default.TwinChange) : ChangeLine.Format(change));
                        context.Output.Flush();
                    }
                    else if (item.Lost > 0)
                    {
                        context.Error.WriteLine($"turtle: fell behind the change feed and missed {item.Lost} changes; re-read the twin to catch up");
                    }
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: however the open read ended (cancelled, or the socket closed under it), this is the normal end.
                context.Error.WriteLine("turtle: stopped watching");
                return ExitCodes.Ok;
            }

            throw new CliException(ExitCodes.ServerError, $"the silo at {context.Api.Server} closed the change feed");
        });
        return command;
    }

    private static void Connected(CliContext context, string key)
    {
        context.Error.WriteLine($"turtle: watching {key} on {context.Api.Server} (Ctrl+C to stop)");
        context.Error.Flush();
    }

    /// <summary>The server filters by prefix (dc1/a also matches dc1/ab); keep the entity itself and what lies under it.</summary>
    public static bool Belongs(string changeKey, string entity) =>
        changeKey == entity ||
        (changeKey.StartsWith(entity, StringComparison.Ordinal) && (changeKey[entity.Length] == '/' || changeKey.AsSpan(entity.Length).StartsWith("->")));
}
