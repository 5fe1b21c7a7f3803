using Spectre.Console;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>The cluster's silos as this silo's membership view lists them (<c>status</c>).</summary>
public static class SiloTable
{
    public static Table Render(IReadOnlyList<SiloInfo> silos, DateTimeOffset now)
    {
        var table = new Table().Title("Silos").AddColumns("Silo", "Address", "DC", "Role", "Status", "Gateway", "Started", "Heartbeat", "Suspicions");
        foreach (var silo in silos)
        {
            table.AddRow(
                Cells.Plain(silo.Name), Cells.Plain(silo.Address), Cells.Plain(silo.Dc), Cells.Plain(silo.Role), Cells.Plain(silo.Status),
                Cells.Plain(silo.GatewayPort.ToString()), Cells.Plain(Cells.Time(silo.StartTime)), Cells.Plain(Cells.Ago(silo.LastHeartbeat, now)),
                Cells.Plain(silo.SuspicionVotes.ToString()));
        }

        return table;
    }
}
