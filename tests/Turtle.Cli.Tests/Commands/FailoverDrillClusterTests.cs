using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Turtle.Cli.Tests.Processes;
using Turtle.Silo.Tests;
using Xunit.Abstractions;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// <c>turtle failover drill</c> to its end, against three silo processes on PostgreSQL (<see cref="ThreeDcCluster"/>):
/// the fault command is a real <c>kill -9</c> of dc1's silo; the restore command asks this test to start dc1 again
/// (the test owns that process) and returns once it is ready, as <c>deploy/local/three-dcs restore</c> does.
/// </summary>
public sealed class FailoverDrillClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryHysteresis = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_drill_that_kills_dc1_sees_dc3_promoted_then_Normal_after_the_restore_and_exits_0()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ThreeDcCluster.StartAsync(RecoveryHysteresis);
        await ThreeDcCluster.WaitForAsync(() => ThreeDcCluster.AllDcsUpAsync(cluster.Dc2), TimeSpan.FromSeconds(60), "all three DCs judged Up");
        var started = clock.Elapsed;
        var signals = Directory.CreateTempSubdirectory("turtle-drill-").FullName;
        var restoreAsked = Path.Join(signals, "restore-asked");
        var restored = Path.Join(signals, "restored");
        try
        {
            // The restore waits (at most 120 s) for the test to say dc1 is ready again, so the drill follows the
            // return from a running dc1, as after `three-dcs restore dc1`.
            var restore = $"touch '{restoreAsked}'; i=0; while [ ! -e '{restored}' ]; do i=$((i+1)); [ $i -gt 1200 ] && exit 9; sleep 0.1; done";
            var fault = $"kill -9 {cluster.Dc1.ProcessId}";
            using var drill = CliProcess.Start(["failover", "drill", "--server", $"http://127.0.0.1:{cluster.Dc2.HttpPort}", "--fault", fault, "--restore", restore, "--timeout", "90"]);

            await drill.WaitForAsync(_ => File.Exists(restoreAsked), TimeSpan.FromSeconds(120), "the restore command");
            Assert.True(cluster.Dc1.HasExited, "the fault command did not kill dc1's silo");
            cluster.Dc1.Restart();
            await cluster.Dc1.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await File.WriteAllTextAsync(restored, "");
            var result = await drill.WaitForExitAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"cluster ready in {started.TotalSeconds:0.0} s; drill and test {clock.Elapsed.TotalSeconds:0.0} s in all\n{result}");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Contains("Normal (epoch", result.Output); // the status it started from
            Assert.Contains($"Fault: {fault}", result.Output);
            Assert.Matches(DecisionLine("Normal → DcDown", "dc1 declared down"), result.Output);
            Assert.Matches(DecisionLine("DcDown → Promoted", "dc3 promoted under epoch"), result.Output);
            Assert.Matches(DecisionLine("→ Normal", "dc1"), result.Output);

            var down = Seconds(result.Output, @"Declared down\s+(\d+\.\d) s after the fault");
            var promoted = Seconds(result.Output, @"Promoted\s+(\d+\.\d) s after the fault \(dc3 promoted for dc1, epoch \d+\)");
            var normalAfterRestore = Seconds(result.Output, @"Back to Normal\s+(\d+\.\d) s after the restore, \d+\.\d s after the fault \(epoch \d+\)");
            var normalAfterFault = Seconds(result.Output, @"Back to Normal\s+\d+\.\d s after the restore, (\d+\.\d) s after the fault");
            Assert.True(0 < down && down <= promoted && promoted < normalAfterFault, result.Output);
            // dc1 cannot be seen up before the restore, which starts after the promotion; home again only after the
            // hysteresis window on top of that.
            Assert.True(normalAfterFault - promoted >= RecoveryHysteresis.TotalSeconds && normalAfterRestore < normalAfterFault, result.Output);
            Assert.Equal("Normal", await ThreeDcCluster.PhaseAsync(cluster.Dc2));
        }
        finally
        {
            Directory.Delete(signals, recursive: true);
        }
    }

    /// <summary>A decision as the drill prints it: <c>+ 14.1s  2026-12-03 12:00:20Z  epoch 4  DcDown → Promoted  dc3 promoted …</c>.</summary>
    private static Regex DecisionLine(string change, string decision) =>
        new($@"(?m)^\+\s*\d+\.\ds  \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  epoch \d+  \w*\s?{Regex.Escape(change)}  .*{Regex.Escape(decision)}");

    private static double Seconds(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"no '{pattern}' in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
