using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// <c>failover status</c>, <c>failover drill</c> and <c>replication</c> against the single embedded silo, which runs
/// without failover (phase Normal, disabled) and keeps no replicas. A drill that reaches Promoted needs three DCs and
/// PostgreSQL (<see cref="FailoverDrillClusterTests"/>); here the drill's fault is harmless and it must time out.
/// </summary>
[Collection(FleetSiloCollection.Name)]
public sealed class FailoverCommandTests(FleetSilo fleet) : CliTestBase(fleet)
{
    [Fact]
    public async Task Failover_status_of_a_single_silo_is_Normal_with_failover_disabled()
    {
        var output = await TurtleOk("failover", "status");

        Assert.Contains("Normal (epoch 0)", output);
        Assert.Contains("disabled on this cluster", output);
        Assert.Contains("dc1, active, takes writes", output);
        Assert.Contains($"{Fleet.SiloName} (dc1", output);
        Assert.Contains("No DC health judged yet", output);
    }

    [Fact]
    public async Task Failover_status_as_json_is_the_api_answer()
    {
        var view = await TurtleJson("failover", "status");

        Assert.False(view.GetProperty("enabled").GetBoolean());
        var status = view.GetProperty("status");
        Assert.Equal("Normal", status.GetProperty("phase").GetString());
        Assert.Equal(0, status.GetProperty("epoch").GetInt64());
        Assert.Empty(status.GetProperty("dcs").EnumerateArray());
        Assert.Empty(status.GetProperty("decisions").EnumerateArray());
        Assert.True(view.GetProperty("thisSilo").GetProperty("canWrite").GetBoolean());
        Assert.Equal(Fleet.SiloName, Assert.Single(view.GetProperty("activeGateways").EnumerateArray()).GetProperty("silo").GetString());
    }

    [Fact]
    public async Task A_drill_runs_its_fault_then_times_out_with_exit_5_when_nothing_fails_over()
    {
        var marker = Path.Join(Path.GetTempPath(), $"turtle-drill-{Guid.NewGuid():N}");
        try
        {
            var result = await Turtle("failover", "drill", "--fault", $"echo fault-injected && touch '{marker}'", "--timeout", "2");

            Assert.True(result.ExitCode == ExitCodes.DrillFailed, result.ToString());
            Assert.True(File.Exists(marker), $"the fault command did not run:\n{result}");
            Assert.Contains("Normal (epoch 0)", result.Output); // the status first
            Assert.Contains("Fault: echo fault-injected", result.Output);
            Assert.Contains("fault-injected\n", result.Output); // the command's own output
            Assert.Contains("until Promoted (timeout 2.0 s)", result.Output);
            var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("turtle: failover is disabled on this cluster (Turtle__Failover__Enabled): the phase will stay Normal and the drill will time out", errors[0]);
            Assert.Equal("turtle: the drill timed out: the phase was still Normal, not Promoted, 2.0 s after the fault (failover is disabled on this cluster)", errors[^1]);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_drill_whose_fault_command_fails_stops_with_exit_5()
    {
        var result = await Turtle("failover", "drill", "--fault", "exit 3", "--restore", "echo never");

        Assert.True(result.ExitCode == ExitCodes.DrillFailed, result.ToString());
        Assert.EndsWith("turtle: the fault command exited 3: exit 3", result.Error.Trim());
        Assert.DoesNotContain("never", result.Output.Replace("echo never", ""));
    }

    [Fact]
    public async Task Replication_of_an_active_silo_says_it_keeps_no_replicas()
    {
        var table = await TurtleOk("replication");
        var json = await TurtleJson("replication");

        Assert.Contains("none: this silo reads the twins themselves", table);
        Assert.Contains("no change applied yet", table);
        Assert.False(json.GetProperty("enabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("replicas").ValueKind);
        Assert.Equal(0, json.GetProperty("lag").GetProperty("changes").GetInt32());
    }
}
