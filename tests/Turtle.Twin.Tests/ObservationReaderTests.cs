using System.Text.Json;
using Turtle.Actors.Testing;
using Turtle.Twin.Observations;

namespace Turtle.Twin.Tests;

public class ObservationReaderTests
{
    private static readonly ManualTimeProvider Clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private static readonly ObservationReader Reader = new(ObservationLimits.Default, Clock);

    public static TheoryData<string> ValidExamples() => [.. Examples("examples").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> InvalidExamples() =>
        [.. Examples(Path.Combine("examples", "invalid")).Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal)).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Every_valid_example_reads_without_errors(string file)
    {
        var result = Read(File.ReadAllText(Path.Combine("examples", file)));

        Assert.Empty(result.Errors);
        var batch = Assert.Single(result.Batches);
        Assert.Equal(Clock.GetUtcNow(), batch.Time); // the examples leave time out: taken now
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void Every_invalid_example_gets_exactly_its_documented_errors(string file)
    {
        var folder = Path.Combine("examples", "invalid");
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, Path.ChangeExtension(file, ".expected.json")))).RootElement.GetProperty("errors")
            .EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => $"{p.Name}: {m.GetString()}")).ToList();

        var result = Read(File.ReadAllText(Path.Combine(folder, file)));

        Assert.Empty(result.Batches);
        Assert.Equal(expected, result.Errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void The_full_example_reads_into_every_part_of_the_model()
    {
        var batch = Read(File.ReadAllText(Path.Combine("examples", "host-full.json"))).Batches.Single();

        Assert.Equal(("udm-pro-agent", 1L, "dc1", "udm-pro"), (batch.Collector, batch.Seq, batch.Dc, batch.Host));
        Assert.Equal(4, batch.Facts!.CpuCount);
        Assert.Equal(2, batch.Facts.Filesystems!.Count);
        Assert.Equal(23.5, batch.Metrics!.Cpu!.Percent);
        Assert.Equal(60.0, batch.Metrics.Memory!.UsedPercent, precision: 6);
        Assert.Equal(88.0, batch.Metrics.Filesystems![1].UsedPercent, precision: 6);
        Assert.Equal(182, batch.Metrics.Tcp!["established"]);
        var names = ObservationMetrics.Flatten(batch).Select(v => v.Metric).ToHashSet();
        Assert.Contains("fs[/data].used_percent", names);
        Assert.Contains("net[eth9].rx_drops_per_sec", names);
        Assert.Contains("temp[cpu].celsius", names);
        Assert.Contains("tcp.time_wait", names);
    }

    [Fact]
    public void An_array_holds_several_batches_and_one_bad_batch_refuses_them_all()
    {
        const string Good = """{"schema":"turtle.observation/v1","collector":"c","seq":1,"dc":"dc1","host":"a"}""";
        const string Bad = """{"schema":"turtle.observation/v1","collector":"c","seq":2,"dc":"dc1"}""";

        Assert.Equal(2, Read($"[{Good},{Good.Replace("\"seq\":1", "\"seq\":2", StringComparison.Ordinal)}]").Batches.Count);
        var refused = Read($"[{Good},{Bad}]");
        Assert.Empty(refused.Batches);
        Assert.Equal("$[1].host: is required", Assert.Single(refused.Errors).ToString());
    }

    [Theory]
    [InlineData("2026-11-14T08:59:59Z", false)] // older than 7 days of history
    [InlineData("2026-11-15T09:00:00Z", true)]
    [InlineData("2026-11-23T09:00:00+00:00", true)]
    [InlineData("2026-11-23T09:00:01Z", false)] // more than a day ahead
    [InlineData("2026-11-22T10:00:00+01:00", true)]
    public void A_time_must_fall_inside_the_window_history_keeps(string time, bool accepted)
    {
        var result = Read($$"""{"schema":"turtle.observation/v1","collector":"c","seq":1,"dc":"dc1","host":"a","time":"{{time}}"}""");

        Assert.Equal(accepted, result.IsValid);
    }

    [Theory]
    [InlineData("\"dc\":\"dc1\\n\"", "$.dc")]
    [InlineData("\"host\":\"lab\\n\"", "$.host")]
    public void A_name_with_a_trailing_newline_is_refused(string field, string path)
    {
        var json = """{"schema":"turtle.observation/v1","collector":"c","seq":1,"dc":"dc1","host":"lab"}""";
        var name = field[1..field.IndexOf('"', 1)];
        json = System.Text.RegularExpressions.Regex.Replace(json, $"\"{name}\":\"[^\"]*\"", field);

        Assert.Equal(path, Assert.Single(Read(json).Errors).Path);
    }

    [Fact]
    public void A_repeated_item_is_reported_at_its_own_position_even_after_a_bad_item()
    {
        var result = Read("""
            {"schema":"turtle.observation/v1","collector":"c","seq":1,"dc":"dc1","host":"lab",
             "metrics":{"filesystems":[{"mount":"/","sizeBytes":"big","usedBytes":1},{"mount":"/data","sizeBytes":10,"usedBytes":1},{"mount":"/data","sizeBytes":10,"usedBytes":2}]}}
            """);

        Assert.Equal(["$.metrics.filesystems[0].sizeBytes", "$.metrics.filesystems[2]"], result.Errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void A_link_whose_key_would_outgrow_history_names_is_refused()
    {
        var longHost = new string('h', 128); // dc1/h…h->dc2/h…h is 266 characters
        var result = Read($$"""
            {"schema":"turtle.observation/v1","collector":"c","seq":1,"dc":"dc1","host":"{{longHost}}","links":[{"to":"dc2/{{longHost}}","rttMs":1}]}
            """);

        Assert.StartsWith("makes the link's key", Assert.Single(result.Errors, e => e.Path == "$.links[0].to").Message, StringComparison.Ordinal);
    }

    private static ObservationReadResult Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Reader.Read(document.RootElement);
    }

    private static IEnumerable<string> Examples(string folder) => Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal);
}
