using System.Text.Json;
using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary><c>watch</c>: follows the change feed for one entity, prints its changes only, and ends cleanly on Ctrl+C.</summary>
[Collection(FleetSiloCollection.Name)]
public sealed class WatchCommandTests(FleetSilo fleet) : CliTestBase(fleet)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_prints_the_hosts_changes_and_exits_0_on_ctrl_c()
    {
        using var watch = CliProcess.Start(["watch", FleetSilo.UdmPro, "--server", Fleet.Server]);
        await watch.WaitForAsync(w => w.Error.Contains("watching dc1/udm-pro"), Wait, "the feed opening");

        await Fleet.PostUdmProAsync(DateTimeOffset.UtcNow);
        await watch.WaitForAsync(w => w.Output.Contains($"Host {FleetSilo.UdmPro} v"), Wait, "the host's change");
        watch.Interrupt();
        var result = await watch.WaitForExitAsync(Wait);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain(FleetSilo.Nas, result.Output);
        Assert.Contains("stopped watching", result.Error);
    }

    [Fact]
    public async Task Watch_as_json_prints_one_change_object_per_line_of_that_entity_only()
    {
        using var watch = CliProcess.Start(["watch", "dc1", "--format", "json", "--server", Fleet.Server]);
        await watch.WaitForAsync(w => w.Error.Contains("watching dc1"), Wait, "the feed opening");

        await Fleet.PostUdmProAsync(DateTimeOffset.UtcNow);
        await watch.WaitForAsync(w => w.Output.Contains($"\"key\":\"{FleetSilo.UdmPro}\""), Wait, "the host's change");
        watch.Interrupt();
        var result = await watch.WaitForExitAsync(Wait);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var change = JsonDocument.Parse(line);
            var key = change.RootElement.GetProperty("key").GetString()!;
            Assert.True(key == "dc1" || key.StartsWith("dc1/", StringComparison.Ordinal), key);
            Assert.True(change.RootElement.GetProperty("version").GetInt64() > 0);
        }
    }
}
