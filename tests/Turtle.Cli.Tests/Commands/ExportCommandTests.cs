using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Turtle.Cli.Tests.Processes;

namespace Turtle.Cli.Tests.Commands;

/// <summary><c>export</c>: paged by time chunks, its rows are exactly what one history query over the whole range returns.</summary>
[Collection(FleetSiloCollection.Name)]
public sealed class ExportCommandTests(FleetSilo fleet) : CliTestBase(fleet), IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-cli-export-").FullName;

    [Fact]
    public async Task A_csv_export_in_many_chunks_round_trips_the_history_api()
    {
        var (from, to) = Range();
        var file = Path.Join(_directory, "fleet.csv");

        // 3 h in 10-minute chunks at 1 m: 18 chunks x 2 metrics x 1 batch of entities.
        var output = await TurtleOk("export", "--from", from, "--to", to, "--step", "1m", "--chunk", "10m",
            "--metric", "cpu.percent", "--metric", "memory.used_percent", "--out", file);

        var rows = File.ReadAllLines(file);
        Assert.Equal("entity,metric,tier,time,min,max,avg,last,count", rows[0]);
        var expected = await CountHistoryPointsAsync(["cpu.percent", "memory.used_percent"], from, to, "1m");
        Assert.True(expected >= FleetSilo.UdmProBatches * 2, $"only {expected} points in history");
        Assert.Equal(expected, rows.Length - 1);
        Assert.Equal(rows.Length - 1, rows.Skip(1).Distinct().Count()); // no bucket twice across chunk edges
        Assert.Contains($"Exported {expected} rows (2 entities, 2 metrics", output);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task A_jsonl_export_of_named_entities_has_one_object_per_point()
    {
        var (from, to) = Range();
        var file = Path.Join(_directory, "udm.jsonl");

        await TurtleOk("export", "--from", from, "--to", to, "--entity", FleetSilo.UdmPro, "--metric", "load.avg1", "--step", "5m", "--out", file);

        var lines = File.ReadAllLines(file);
        Assert.Equal(await CountHistoryPointsAsync(["load.avg1"], from, to, "5m", FleetSilo.UdmPro), lines.Length);
        Assert.All(lines, line =>
        {
            using var row = JsonDocument.Parse(line);
            Assert.Equal(FleetSilo.UdmPro, row.RootElement.GetProperty("entity").GetString());
            Assert.Equal(1.12, row.RootElement.GetProperty("avg").GetDouble());
        });
    }

    [Fact]
    public async Task An_export_to_an_unknown_file_type_is_usage_and_writes_nothing()
    {
        var file = Path.Join(_directory, "fleet.xlsx");

        AssertFails(await Turtle("export", "--out", file), ExitCodes.Usage, "must end in .csv or .jsonl");
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task An_export_with_from_after_to_is_a_bad_range()
    {
        AssertFails(await Turtle("export", "--from", "-1h", "--to", "-2h", "--out", Path.Join(_directory, "x.csv")), ExitCodes.Usage, "bad time range");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Three whole hours around the examples (whole steps already, so the CLI does not round them out), as absolute times both the CLI and the direct query use.</summary>
    private static (string From, string To) Range()
    {
        var to = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
        return (Iso(to.AddHours(-3)), Iso(to));
    }

    /// <summary>Points of one history query per metric over the whole range, every host at once: the truth to compare with.</summary>
    private async Task<int> CountHistoryPointsAsync(string[] metrics, string from, string to, string step, params string[] entities)
    {
        var keys = entities.Length > 0 ? entities : [FleetSilo.UdmPro, FleetSilo.Nas];
        var total = 0;
        foreach (var metric in metrics)
        {
            var query = string.Join('&', keys.Select(k => "entity=" + Uri.EscapeDataString(k))) +
                        $"&metric={metric}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&step={step}";
            var series = await Fleet.Http.GetFromJsonAsync<JsonElement>("/api/v1/history?" + query);
            total += series.EnumerateArray().Sum(s => s.GetProperty("points").GetArrayLength());
        }

        return total;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
