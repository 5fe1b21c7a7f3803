using System.Globalization;
using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary><c>history</c>: the examples' points as a table, CSV and JSON; relative times; bad times and ranges.</summary>
[Collection(FleetSiloCollection.Name)]
public sealed class HistoryCommandTests(FleetSilo fleet) : CliTestBase(fleet)
{
    [Fact]
    public async Task History_as_json_takes_iso_times_and_has_one_point_per_example_minute()
    {
        var (from, to) = Fleet.ExampleWindow;

        var series = await TurtleJson("history", FleetSilo.UdmPro, "cpu.percent", "--from", from, "--to", to, "--step", "1m");

        var one = Assert.Single(series.EnumerateArray());
        Assert.Equal(FleetSilo.UdmPro, one.GetProperty("entity").GetString());
        var points = one.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(FleetSilo.UdmProBatches, points.Count);
        Assert.All(points, p => Assert.Equal(23.5, p.GetProperty("avg").GetDouble()));
        Assert.All(points, p => Assert.Equal(0, p.GetProperty("time").GetDateTimeOffset().Second));
    }

    [Fact]
    public async Task History_as_csv_has_a_header_and_a_row_per_point()
    {
        var (from, to) = Fleet.ExampleWindow;

        var csv = await TurtleOk("history", FleetSilo.UdmPro, "load.avg1", "--from", from, "--to", to, "--step", "2m", "--format", "csv");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("entity,metric,tier,time,min,max,avg,last,count", lines[0]);
        // Six minutes at 2 m: three buckets, or four when rounding out to whole steps shifts the window by a minute.
        Assert.InRange(lines.Length - 1, FleetSilo.UdmProBatches / 2, FleetSilo.UdmProBatches / 2 + 1);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("dc1/udm-pro,load.avg1,", line));
        Assert.Equal(FleetSilo.UdmProBatches, lines.Skip(1).Sum(l => long.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task History_as_a_table_takes_relative_times_and_shows_the_tier_and_points()
    {
        var table = await TurtleOk("history", FleetSilo.UdmPro, "cpu.percent", "--from", "-2h", "--to", "now", "--step", "5m");

        Assert.Contains("dc1/udm-pro cpu.percent (", table);
        Assert.Contains(" tier, ", table);
        Assert.Contains("23.5", table);
    }

    [Fact]
    public async Task History_of_an_entity_without_samples_says_so()
    {
        var table = await TurtleOk("history", "dc1/never-seen", "cpu.percent", "--from", "-1h");

        Assert.Contains("No samples of cpu.percent for dc1/never-seen", table);
    }

    [Fact]
    public async Task From_after_to_is_a_bad_range()
    {
        var result = await Turtle("history", FleetSilo.UdmPro, "cpu.percent", "--from", "now", "--to", "-1h");

        AssertFails(result, ExitCodes.Usage, "bad time range", "is not before --to");
    }

    [Fact]
    public async Task An_unparseable_time_is_usage_naming_the_option()
    {
        var result = await Turtle("history", FleetSilo.UdmPro, "cpu.percent", "--from", "yesterday");

        AssertFails(result, ExitCodes.Usage, "bad time for --from", "'yesterday'");
    }

    [Fact]
    public async Task A_query_the_server_refuses_shows_its_problem_title_and_detail()
    {
        // 30 days at 1 s is 2.6 million buckets: the API refuses it with a validation problem.
        var result = await Turtle("history", FleetSilo.UdmPro, "cpu.percent", "--from", "-30d", "--step", "1s");

        AssertFails(result, ExitCodes.Usage, "the server answered 400", "Invalid history query", "at most 100000 buckets");
    }
}
