using System.CommandLine;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle failover status|drill</c>: the three-DC failover state machine (<c>GET /api/v1/failover</c>).</summary>
public static class FailoverCommand
{
    public static Command Create(CliOptions options) =>
        new("failover", "The three-DC failover: its phase, epoch and DC health (status), or a failover drill (drill)")
        {
            FailoverStatusCommand.Create(options),
            FailoverDrillCommand.Create(options),
        };
}
