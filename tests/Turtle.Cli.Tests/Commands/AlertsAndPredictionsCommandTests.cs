using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary><c>alerts</c> and <c>predictions</c> against the real silo: udm-pro's /data (88 %) fires the fixture's alert rule.</summary>
[Collection(FleetSiloCollection.Name)]
public sealed class AlertsAndPredictionsCommandTests(FleetSilo fleet) : CliTestBase(fleet)
{
    [Fact]
    public async Task Alerts_shows_the_firing_alert_with_value_threshold_and_host()
    {
        var table = await TurtleOk("alerts");
        var json = await TurtleJson("alerts");

        Assert.Contains("1 firing (0 critical, 1 warning, 0 info)", table);
        Assert.Matches(@"dc1/udm-pro\s*│\s*Warning\s*│\s*Firing\s*│\s*data-filling\s*│\s*/data\s*│\s*88\s*│\s*> 85 \(clears <= 80\)", table);
        var host = Assert.Single(json.GetProperty("hosts").EnumerateArray());
        Assert.Equal(FleetSilo.UdmPro, host.GetProperty("host").GetString());
        var alert = Assert.Single(host.GetProperty("alerts").EnumerateArray());
        Assert.Equal("Firing", alert.GetProperty("state").GetString());
        Assert.Equal(FleetSilo.AlertRule, alert.GetProperty("rule").GetString());
        Assert.Equal("dc1/udm-pro:data-filling:/data", alert.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Alerts_filters_by_severity_dc_and_state()
    {
        var critical = await TurtleOk("alerts", "--severity", "critical");
        var dc2 = await TurtleJson("alerts", "--dc", "dc2");
        var resolved = await TurtleJson("alerts", "--state", "resolved");
        var warning = await TurtleJson("alerts", "--severity", "info", "--severity", "warning", "--dc", "dc1");

        Assert.Contains("No firing alerts.", critical);
        Assert.Empty(dc2.GetProperty("hosts").EnumerateArray());
        Assert.Empty(resolved.GetProperty("hosts").EnumerateArray());
        Assert.Single(warning.GetProperty("hosts").EnumerateArray());
    }

    [Fact]
    public async Task Alerts_refuses_an_unknown_state_or_severity_as_usage()
    {
        AssertFails(await Turtle("alerts", "--state", "burning"), ExitCodes.Usage, "400", "'burning' is not an alert state");
        AssertFails(await Turtle("alerts", "--severity", "page"), ExitCodes.Usage, "400", "'page' is not a severity");
    }

    [Fact]
    public async Task Predictions_shows_disk_full_forecasts_and_anomalies_of_a_host()
    {
        var table = await TurtleOk("predictions", FleetSilo.UdmPro);
        var json = await TurtleJson("predictions", FleetSilo.UdmPro);

        Assert.Contains("Predictions for dc1/udm-pro", table);
        Assert.Contains("Disk full", table);
        Assert.Contains("Next 24 hours", table);
        Assert.Contains("memory.used_percent", table);
        Assert.Equal(FleetSilo.UdmPro, json.GetProperty("host").GetString());
        Assert.Equal(["/", "/data"], json.GetProperty("disks").EnumerateArray().Select(d => d.GetProperty("mount").GetString()).Order());
        Assert.Equal(["cpu.percent", "memory.used_percent"], json.GetProperty("forecasts").EnumerateArray().Select(f => f.GetProperty("metric").GetString()));
    }

    [Fact]
    public async Task Predictions_of_an_unknown_host_is_not_found_and_a_bad_key_is_usage()
    {
        AssertFails(await Turtle("predictions", "dc1/no-such-host"), ExitCodes.NotFound, "no host dc1/no-such-host");
        AssertFails(await Turtle("predictions", "udm-pro"), ExitCodes.Usage, "'udm-pro' is not a host");
    }
}
